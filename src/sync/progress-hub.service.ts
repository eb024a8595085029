import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { ItemEvent } from '../contract/item-events';
import type { SednaHealthView, WorkersView } from '../contract/views';
import { type ProgressSnapshot, QUERY_PROGRESS, type RunResult } from '../contract/workflows';
import { WorkerPollers } from '../health/worker-pollers';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { detailsKey, itemDetailsOf } from './item-details';
import { ProgressNotifications } from './progress-notifications';
import { Phase2PendingView, RunSummary, summaryOf, SyncRunsService } from './sync-runs.service';
import type { RunRow } from './sync.repository';
import { queryWorkflow } from './workflow-query';

/**
 * A wake whose event neither the database nor the workflow shows yet (a run begun before
 * seq-at-commit, whose parent numbers an event only once the child's result reaches it, a
 * workflow task after the child's commit that under load can take a second or more): the poll
 * is repeated after these delays, never more than 250 ms apart, for about two seconds before
 * the run falls back to the periodic pace.
 */
const CHASE_DELAYS_MS = [50, 100, 150, 200, 250, 250, 250, 250, 250, 250];
/** Queries of one run start at least this far apart, however many items finish. */
const MIN_QUERY_GAP_MS = 25;
/** A finished run's feed stays for late subscribers this long. */
const KEEP_FINISHED_MS = 30_000;
/**
 * How often a running run's feed reads its tenant's Sedna reachability and its stop sales in
 * Phase 2 (their header in Sedna without rooms, their last failed attempt).
 */
const HEALTH_INTERVAL_MS = 2000;

export interface ProgressListener {
  event(event: ItemEvent, total: number): void;
  complete(status: RunResult['status'], summary: RunSummary, lastSeq: number): void;
  /** Ends the stream without `complete` (the API is stopping); the client reconnects. */
  close(): void;
  /** The tenant's Sedna became unreachable, or reachable again (sent when it changes). */
  sedna?(health: SednaHealthView): void;
  /**
   * The run's stop sales in Sedna without rooms while Phase 2 is tried, all of them (sent when
   * the list or an item's last error changes; an empty list once none is left).
   */
  phase2Pending?(items: Phase2PendingView[]): void;
  /** No worker polls a task queue (since when), or one does again (sent when that changes). */
  workers?(workers: WorkersView): void;
}

interface RunFeed {
  run: RunRow;
  /** Every event of the run so far, seq 1..n in order. */
  events: ItemEvent[];
  listeners: Set<ProgressListener>;
  done: { status: RunResult['status']; summary: RunSummary } | null;
  timer?: NodeJS.Timeout;
  /** When `timer` fires. */
  dueAt: number;
  /** A poll of this run is in flight (one at a time). */
  querying: boolean;
  queryStartedAt: number;
  /**
   * A workflow query of this run is in flight (one at a time): it runs beside the polls, so
   * that a slow answer never holds the events the database has.
   */
  workflowQuerying: boolean;
  /** When the run's workflow was last queried (done and counts come from it). */
  workflowQueriedAt: number;
  /** `complete` was sent. */
  finished: boolean;
  /** A wake came during the query in flight: exactly one follow-up query. */
  wokenWhileQuerying: boolean;
  /** Items announced finished whose event the workflow has not shown yet. */
  unseenWakes: number;
  /** Next entry of CHASE_DELAYS_MS. */
  chaseStep: number;
  /** Last Sedna reachability sent; null until an outage was seen. */
  health: SednaHealthView | null;
  healthReadAt: number;
  /** Last list of stop sales in Phase 2 sent (empty until one was seen), and what it said. */
  phase2Pending: Phase2PendingView[];
  phase2Said: string;
  phase2ReadAt: number;
  /** Last pollers view sent; null until no worker was seen polling. */
  workers: WorkersView | null;
  workersReadAt: number;
}

/**
 * One poller per run in this process, whatever the number of subscribers. An item's commit
 * (ProgressNotifications) wakes it at once; the periodic poll is the fallback. Each poll reads
 * the run's new events from the database first: an item's commit numbers its event (patch
 * seq-at-commit), so the event is there when the wake comes. The BulkSync workflow is queried
 * beside the polls (one query at a time; a slow answer never holds what the database has)
 * when the database has nothing new (runs begun before that patch, whose numbers reach the
 * database in batches; the run's end) and at least every poll interval, for done and the counts;
 * its events are the same as the database's (itemEvent of the same outcome), gaps left by
 * continue-as-new are filled from the database, and the database answers alone when the
 * workflow cannot.
 */
@Injectable()
export class ProgressHub implements OnModuleDestroy {
  private readonly logger = new Logger('ProgressHub');
  private readonly feeds = new Map<string, RunFeed>();
  private readonly stopping = new AbortController();
  /** Workflow queries issued, for the metrics and the benchmark. */
  queriesIssued = 0;
  /** Events sent as read from the database at their commit, without a workflow query. */
  eventsFromCommits = 0;
  private readonly pollIntervalMs: number;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly runs: SyncRunsService,
    @Inject(APP_CONFIG) config: AppConfig,
    notifications: ProgressNotifications,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pollers: WorkerPollers,
  ) {
    this.pollIntervalMs = config.sync.progressPollIntervalMs;
    notifications.onProgress((syncId) => {
      if (syncId !== null) this.wake(syncId);
      else for (const id of this.feeds.keys()) this.wake(id);
    });
  }

  get subscriberCount(): number {
    return [...this.feeds.values()].reduce((n, feed) => n + feed.listeners.size, 0);
  }

  /** Replays events after `afterSeq`, then streams; returns the unsubscribe function. */
  subscribe(run: RunRow, afterSeq: number, subscriber: ProgressListener): () => void {
    const feed = this.feedOf(run);
    // A new feed starts from the first event: a resuming client skips what it already has.
    const listener: ProgressListener = {
      ...subscriber,
      event: (event, total) => event.seq > afterSeq && subscriber.event(event, total),
    };
    for (const event of feed.events)
      if (event.seq > afterSeq) listener.event(event, run.total_items);
    if (feed.done) {
      listener.complete(feed.done.status, feed.done.summary, feed.events.length);
      return () => undefined;
    }
    if (feed.health) listener.sedna?.(feed.health);
    if (feed.phase2Pending.length) listener.phase2Pending?.(feed.phase2Pending);
    if (feed.workers) listener.workers?.(feed.workers);
    feed.listeners.add(listener);
    // A feed already polling answers the newcomer from what it has: no extra query.
    if (!feed.timer && !feed.querying) this.schedule(feed, 0);
    return () => {
      feed.listeners.delete(listener);
      if (!feed.listeners.size && !feed.done) this.drop(feed);
    };
  }

  /** Open streams end on shutdown, or the HTTP server would wait for them forever. */
  onModuleDestroy() {
    // A query waiting to retry would otherwise fire on the closed Temporal connection.
    this.stopping.abort();
    for (const feed of this.feeds.values()) {
      for (const listener of feed.listeners) listener.close();
      this.drop(feed);
    }
  }

  private feedOf(run: RunRow): RunFeed {
    const existing = this.feeds.get(run.sync_id);
    if (existing) return existing;
    const feed: RunFeed = {
      run,
      events: [],
      listeners: new Set(),
      done: null,
      dueAt: 0,
      querying: false,
      queryStartedAt: 0,
      workflowQuerying: false,
      workflowQueriedAt: 0,
      finished: false,
      wokenWhileQuerying: false,
      unseenWakes: 0,
      chaseStep: 0,
      health: null,
      healthReadAt: 0,
      phase2Pending: [],
      phase2Said: '[]',
      phase2ReadAt: 0,
      workers: null,
      workersReadAt: 0,
    };
    this.feeds.set(run.sync_id, feed);
    return feed;
  }

  private drop(feed: RunFeed) {
    clearTimeout(feed.timer);
    // A late answer of a dropped feed must not drop the run's newer feed.
    if (this.feeds.get(feed.run.sync_id) === feed) this.feeds.delete(feed.run.sync_id);
  }

  /** An item of the run finished (its commit was announced): query it now, or right after the query in flight. */
  private wake(syncId: string) {
    const feed = this.feeds.get(syncId);
    if (!feed || feed.done || !feed.listeners.size) return;
    feed.unseenWakes++;
    feed.chaseStep = 0;
    if (feed.querying) feed.wokenWhileQuerying = true;
    else this.schedule(feed, this.gapLeft(feed));
  }

  /** Queries the run after `delayMs`, unless a query is in flight or one is due sooner. */
  private schedule(feed: RunFeed, delayMs: number) {
    if (feed.done || feed.querying) return;
    const dueAt = Date.now() + delayMs;
    if (feed.timer) {
      if (feed.dueAt <= dueAt) return;
      clearTimeout(feed.timer);
    }
    feed.dueAt = dueAt;
    feed.timer = setTimeout(() => this.query(feed), delayMs);
  }

  private query(feed: RunFeed) {
    feed.timer = undefined;
    feed.querying = true;
    feed.queryStartedAt = Date.now();
    const seqBefore = feed.events.length;
    this.poll(feed)
      .catch((err: unknown) =>
        this.logger.warn(`Progress poll of ${feed.run.sync_id} failed: ${String(err)}`),
      )
      .finally(() => {
        feed.querying = false;
        if (this.feeds.get(feed.run.sync_id) === feed && feed.listeners.size)
          this.schedule(feed, this.nextDelay(feed, feed.events.length - seqBefore));
      });
  }

  /** After a poll that found `fresh` events: follow up a wake, chase an unseen event, or poll. */
  private nextDelay(feed: RunFeed, fresh: number): number {
    if (feed.wokenWhileQuerying) {
      feed.wokenWhileQuerying = false;
      return this.gapLeft(feed);
    }
    if (fresh) feed.chaseStep = 0;
    if (feed.unseenWakes > 0 && feed.chaseStep < CHASE_DELAYS_MS.length)
      return Math.max(CHASE_DELAYS_MS[feed.chaseStep++], this.gapLeft(feed));
    // Announced events still unseen are left to the fallback (a retried commit announces twice).
    feed.unseenWakes = 0;
    return this.pollIntervalMs;
  }

  private gapLeft(feed: RunFeed): number {
    return Math.max(0, feed.queryStartedAt + MIN_QUERY_GAP_MS - Date.now());
  }

  private async poll(feed: RunFeed): Promise<void> {
    const committed = await this.fromCommits(feed, feed.events.length);
    this.eventsFromCommits += await this.send(feed, committed);
    if (!committed.length || Date.now() - feed.workflowQueriedAt >= this.pollIntervalMs)
      this.queryInBackground(feed);
    // A run that ends after an outage reports the recovery before `complete`.
    if (!feed.done || feed.health) await this.pollHealth(feed, !!feed.done);
    if (!feed.done) await this.pollPhase2(feed);
    if (!feed.done) await this.pollWorkers(feed);
    if (feed.done) this.finish(feed);
  }

  /** Queries the run's workflow unless a query is in flight; its events and end go out when it answers. */
  private queryInBackground(feed: RunFeed) {
    if (feed.workflowQuerying || feed.finished) return;
    feed.workflowQuerying = true;
    feed.workflowQueriedAt = Date.now();
    this.fromWorkflowOrDatabase(feed)
      .catch((err: unknown) =>
        this.logger.warn(`Progress query of ${feed.run.sync_id} failed: ${String(err)}`),
      )
      .finally(() => (feed.workflowQuerying = false));
  }

  private async fromWorkflowOrDatabase(feed: RunFeed): Promise<void> {
    const lastSeq = feed.events.length;
    const snapshot = await this.queryProgress(feed.run.workflow_id, lastSeq);
    const answer = snapshot
      ? await this.fromWorkflow(feed, snapshot, lastSeq)
      : await this.fromDatabase(feed, lastSeq);
    await this.send(feed, answer.events);
    // The end only once every event has gone out.
    if (!answer.done || feed.events.length < answer.doneAfter) return;
    feed.done = answer.done;
    if (feed.health) await this.pollHealth(feed, true);
    this.finish(feed);
  }

  /**
   * Sends the events that continue the feed (either source may have sent some meanwhile: each
   * seq goes out once, in order); returns how many went out.
   */
  private async send(feed: RunFeed, fresh: ItemEvent[]): Promise<number> {
    let sent = 0;
    // What the other source sent meanwhile needs no details read.
    const unsent = fresh.filter((event) => event.seq > feed.events.length);
    for (const event of await this.withDetails(feed, unsent)) {
      if (event.seq <= feed.events.length) continue;
      if (event.seq !== feed.events.length + 1) break;
      feed.events.push(event);
      sent++;
      for (const listener of feed.listeners) listener.event(event, feed.run.total_items);
    }
    feed.unseenWakes = Math.max(0, feed.unseenWakes - sent);
    return sent;
  }

  /**
   * The run's events committed after `lastSeq`, up to the first one the database cannot tell
   * yet: an item numbered while its row stays pending (its child ended without completeItem) is
   * told by the workflow, which knows how it ended.
   */
  private async fromCommits(feed: RunFeed, lastSeq: number): Promise<ItemEvent[]> {
    // Without the database the workflow still answers (its events go out without details).
    const events = await this.runs.finishedEventsAfter(feed.run.id, lastSeq).catch(() => []);
    return contiguous(events, lastSeq);
  }

  /**
   * The events with what their items are about (hotel, dates or voucher, room codes): one read
   * per batch. Without the database the events go out as the workflow gave them.
   */
  private async withDetails<T extends Pick<ItemEvent, 'type' | 'item_id'>>(
    feed: RunFeed,
    events: T[],
  ): Promise<T[]> {
    if (!events.length) return events;
    const details = await itemDetailsOf(this.dataSource, feed.run.tenant_id, events).catch(
      () => null,
    );
    if (!details) return events;
    return events.map((event) => ({
      ...event,
      ...details.get(detailsKey(event.type, event.item_id)),
    }));
  }

  /** Tells subscribers when the tenant's Sedna stops (or resumes) answering; healthy runs send nothing. */
  private async pollHealth(feed: RunFeed, now = false): Promise<void> {
    if (!now && Date.now() - feed.healthReadAt < HEALTH_INTERVAL_MS) return;
    feed.healthReadAt = Date.now();
    const health = await this.runs.sednaHealth(feed.run.tenant_id);
    if (!health || (!feed.health && health.reachable)) return;
    if (feed.health && feed.health.reachable === health.reachable) {
      if (health.reachable || feed.health.last_error === health.last_error) return;
    }
    feed.health = health;
    for (const listener of feed.listeners) listener.sedna?.(health);
  }

  /**
   * Tells subscribers which stop sales are in Sedna without rooms while Phase 2 is tried, when
   * that changes (an item, or its last error); runs that have none send nothing.
   */
  private async pollPhase2(feed: RunFeed): Promise<void> {
    if (Date.now() - feed.phase2ReadAt < HEALTH_INTERVAL_MS) return;
    feed.phase2ReadAt = Date.now();
    const items = await this.runs.phase2Pending(feed.run.id);
    const said = JSON.stringify(
      items.map((item) => [item.type, item.item_id, item.sedna_id, item.code, item.error]),
    );
    if (said === feed.phase2Said) return;
    feed.phase2Said = said;
    feed.phase2Pending = await this.withDetails(feed, items);
    for (const listener of feed.listeners) listener.phase2Pending?.(feed.phase2Pending);
  }

  /** Tells subscribers when no worker polls a task queue, and when one does again. */
  private async pollWorkers(feed: RunFeed): Promise<void> {
    if (Date.now() - feed.workersReadAt < HEALTH_INTERVAL_MS) return;
    feed.workersReadAt = Date.now();
    const workers = await this.pollers.view();
    if (workers.polling === null) return;
    if ((feed.workers?.polling ?? true) === workers.polling) return;
    feed.workers = workers;
    for (const listener of feed.listeners) listener.workers?.(workers);
  }

  private async fromWorkflow(
    feed: RunFeed,
    snapshot: ProgressSnapshot,
    lastSeq: number,
  ): Promise<Answer> {
    // Events from before the last continue-as-new live in the database.
    const gap =
      snapshot.firstSeqHeld > lastSeq
        ? await this.runs.eventsAfter(feed.run.id, lastSeq, snapshot.firstSeqHeld)
        : [];
    const events = [...gap, ...snapshot.events.filter((e) => e.seq > lastSeq)];
    const done = snapshot.done
      ? { status: snapshot.status, summary: summaryOf(snapshot.counts, snapshot.durationSeconds) }
      : null;
    return { events: contiguous(events, lastSeq), done, doneAfter: snapshot.lastSeq };
  }

  private async fromDatabase(feed: RunFeed, lastSeq: number): Promise<Answer> {
    const run = await this.runs.findRun(feed.run.tenant_id, feed.run.sync_id);
    const events = contiguous(await this.runs.eventsAfter(run.id, lastSeq), lastSeq);
    const done = run.status !== 'running' ? await this.runs.summary(run) : null;
    return { events, done, doneAfter: 0 };
  }

  /** One `progress` query of the run's workflow; null when it cannot answer in time. */
  async queryProgress(workflowId: string, afterSeq: number): Promise<ProgressSnapshot | null> {
    this.queriesIssued++;
    return queryWorkflow<ProgressSnapshot, [number]>(
      this.temporal,
      workflowId,
      QUERY_PROGRESS,
      [afterSeq],
      this.stopping.signal,
    );
  }

  private finish(feed: RunFeed) {
    if (feed.finished) return;
    feed.finished = true;
    const { status, summary } = feed.done!;
    for (const listener of feed.listeners) listener.complete(status, summary, feed.events.length);
    feed.listeners.clear();
    clearTimeout(feed.timer);
    feed.timer = setTimeout(() => this.drop(feed), KEEP_FINISHED_MS);
    feed.timer.unref();
  }
}

/** Events of one answer of the workflow (or, when it cannot answer, the database). */
interface Answer {
  events: ItemEvent[];
  /** The run has ended… */
  done: RunFeed['done'];
  /** …and every event is out once the feed holds this many. */
  doneAfter: number;
}

/** Keeps only the run of events that continues `lastSeq` without a hole. */
function contiguous(events: ItemEvent[], lastSeq: number): ItemEvent[] {
  const out: ItemEvent[] = [];
  for (const event of events) {
    if (event.seq !== lastSeq + out.length + 1) break;
    out.push(event);
  }
  return out;
}
