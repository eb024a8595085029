import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { ItemEvent } from '../contract/item-events';
import type { SednaHealthView, WorkersView } from '../contract/views';
import { type ProgressSnapshot, QUERY_PROGRESS, type RunResult } from '../contract/workflows';
import { WorkerPollers } from '../health/worker-pollers';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { ProgressNotifications } from './progress-notifications';
import type { Phase2PendingItem, RunSummary } from '../contract/views-sync';
import { SyncRunsService } from './sync-runs.service';
import type { RunRow } from './sync.repository';
import { queryWorkflow } from './workflow-query';

/** Polls of one run start at least this far apart, however many items finish. */
const MIN_POLL_GAP_MS = 25;
/** A finished run's feed stays for late subscribers this long. */
const KEEP_FINISHED_MS = 30_000;
/**
 * How often a running run's feed reads its tenant's Sedna reachability, its stop sales in
 * Phase 2 (their header in Sedna without rooms, their last failed attempt) and the task
 * queues' pollers.
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
  phase2Pending?(items: Phase2PendingItem[]): void;
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
  polling: boolean;
  pollStartedAt: number;
  /** A wake came during the poll in flight: exactly one follow-up poll. */
  wokenWhilePolling: boolean;
  /** A commit of the run was announced since its last poll began. */
  woken: boolean;
  /** A workflow query of this run is in flight (one at a time, beside the polls). */
  workflowQuerying: boolean;
  /** Reads of the Sedna health, Phase 2 and pollers are in flight (beside the polls). */
  readingAround: boolean;
  /** Last Sedna reachability sent; null until an outage was seen. */
  health: SednaHealthView | null;
  healthReadAt: number;
  /** Last list of stop sales in Phase 2 sent (empty until one was seen), and what it said. */
  phase2Pending: Phase2PendingItem[];
  phase2Said: string;
  phase2ReadAt: number;
  /** Last pollers view sent; null until no worker was seen polling. */
  workers: WorkersView | null;
  workersReadAt: number;
}

/**
 * One poller per run in this process, whatever the number of subscribers, reading PostgreSQL.
 * An item's commit numbers its event (patch seq-at-commit) and announces it
 * (ProgressNotifications), which wakes the run's poll at once; the periodic poll is the
 * fallback. A poll reads the run's row, then the events committed after the last one sent
 * (SyncRunsService.eventsAfter builds each from its item's rows), and the run's end and counts
 * from that row: finishRun commits after every item's, so a row read as ended before the
 * events means they are all there. Whether a worker polls the task queues comes from Temporal's
 * DescribeTaskQueue (WorkerPollers). The run's workflow is queried (`progress`, beside the
 * polls, one query at a time) only for what the database cannot tell: the outcome of an item
 * numbered while its row stays pending (its child ended without storing it), and the numbers
 * of a run begun before seq-at-commit, whose parent writes them in batches (a commit announced,
 * no new event in the database). The database answers alone when the workflow cannot.
 */
@Injectable()
export class ProgressHub implements OnModuleDestroy {
  private readonly logger = new Logger('ProgressHub');
  private readonly feeds = new Map<string, RunFeed>();
  private readonly stopping = new AbortController();
  /** Workflow queries issued, for the metrics and the benchmark (none while the database knows). */
  queriesIssued = 0;
  /** Database polls of runs, for the tests. */
  pollsIssued = 0;
  private readonly pollIntervalMs: number;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly runs: SyncRunsService,
    @Inject(APP_CONFIG) config: AppConfig,
    notifications: ProgressNotifications,
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
    // A feed already polling answers the newcomer from what it has: no extra read.
    if (!feed.timer && !feed.polling) this.schedule(feed, 0);
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
      polling: false,
      pollStartedAt: 0,
      wokenWhilePolling: false,
      woken: false,
      workflowQuerying: false,
      readingAround: false,
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
    // A late poll of a dropped feed must not drop the run's newer feed.
    if (this.feeds.get(feed.run.sync_id) === feed) this.feeds.delete(feed.run.sync_id);
  }

  /** The run's item (or end) was committed: poll it now, or right after the poll in flight. */
  private wake(syncId: string) {
    const feed = this.feeds.get(syncId);
    if (!feed || feed.done || !feed.listeners.size) return;
    feed.woken = true;
    if (feed.polling) feed.wokenWhilePolling = true;
    else this.schedule(feed, this.gapLeft(feed));
  }

  /** Polls the run after `delayMs`, unless a poll is in flight or one is due sooner. */
  private schedule(feed: RunFeed, delayMs: number) {
    if (feed.done || feed.polling) return;
    const dueAt = Date.now() + delayMs;
    if (feed.timer) {
      if (feed.dueAt <= dueAt) return;
      clearTimeout(feed.timer);
    }
    feed.dueAt = dueAt;
    feed.timer = setTimeout(() => this.startPoll(feed), delayMs);
  }

  private startPoll(feed: RunFeed) {
    feed.timer = undefined;
    feed.polling = true;
    feed.pollStartedAt = Date.now();
    this.pollsIssued++;
    const woken = feed.woken;
    feed.woken = false;
    this.poll(feed, woken)
      .catch((err: unknown) =>
        this.logger.warn(`Progress poll of ${feed.run.sync_id} failed: ${String(err)}`),
      )
      .finally(() => {
        feed.polling = false;
        if (this.feeds.get(feed.run.sync_id) !== feed || !feed.listeners.size) return;
        const woken = feed.wokenWhilePolling;
        feed.wokenWhilePolling = false;
        this.schedule(feed, woken ? this.gapLeft(feed) : this.pollIntervalMs);
      });
  }

  private gapLeft(feed: RunFeed): number {
    return Math.max(0, feed.pollStartedAt + MIN_POLL_GAP_MS - Date.now());
  }

  private async poll(feed: RunFeed, woken: boolean): Promise<void> {
    // The row first: ended there, the events read after it are all of them.
    const run = await this.runs.findRun(feed.run.tenant_id, feed.run.sync_id);
    const { events, held } = await this.runs.eventsAfter(run, feed.events.length);
    const sent = this.send(feed, events);
    const done = run.status === 'running' ? null : await this.runs.summary(run);
    // A commit announced without a new event: numbered by a parent of older code, maybe.
    if (!done && (held || (woken && !sent && (await this.runs.numbersMissing(run)))))
      this.askWorkflow(feed);
    if (done) {
      // A run that ends after an outage reports the recovery before `complete`.
      if (feed.health) await this.pollHealth(feed, true);
      feed.done = done;
      this.finish(feed);
      return;
    }
    this.readAround(feed);
  }

  /**
   * Reads what is around the run's events (its tenant's Sedna reachability, its stop sales in
   * Phase 2, the task queues' pollers) beside the polls, one read at a time: a poll that waited
   * for them held the next events back (SSE p95).
   */
  private readAround(feed: RunFeed) {
    if (feed.readingAround) return;
    feed.readingAround = true;
    (async () => {
      await this.pollHealth(feed);
      await this.pollPhase2(feed);
      await this.pollWorkers(feed);
    })()
      .catch((err: unknown) =>
        this.logger.warn(`Progress read of ${feed.run.sync_id} failed: ${String(err)}`),
      )
      .finally(() => (feed.readingAround = false));
  }

  /**
   * Sends the events that continue the feed (the database and the workflow may both have
   * given some: each seq goes out once, in order); returns how many went out.
   */
  private send(feed: RunFeed, fresh: ItemEvent[]): number {
    let sent = 0;
    for (const event of fresh) {
      if (event.seq <= feed.events.length) continue;
      if (event.seq !== feed.events.length + 1) break;
      feed.events.push(event);
      sent++;
      for (const listener of feed.listeners) listener.event(event, feed.run.total_items);
    }
    return sent;
  }

  /**
   * Asks the run's workflow for the events after the last one sent, when the database cannot
   * tell them (see the class); unless a query of the run is in flight. Its events go out with
   * what their items are about.
   */
  private askWorkflow(feed: RunFeed) {
    if (feed.workflowQuerying) return;
    feed.workflowQuerying = true;
    const lastSeq = feed.events.length;
    this.queryProgress(feed.run.workflow_id, lastSeq)
      .then(async (snapshot) => {
        const events = snapshot?.events.filter((event) => event.seq > lastSeq) ?? [];
        this.send(feed, await this.runs.withDetails(feed.run.tenant_id, events));
      })
      .catch((err: unknown) =>
        this.logger.warn(`Progress query of ${feed.run.sync_id} failed: ${String(err)}`),
      )
      .finally(() => (feed.workflowQuerying = false));
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
    feed.phase2Pending = await this.runs.withDetails(feed.run.tenant_id, items);
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

  private finish(feed: RunFeed) {
    const { status, summary } = feed.done!;
    for (const listener of feed.listeners) listener.complete(status, summary, feed.events.length);
    feed.listeners.clear();
    clearTimeout(feed.timer);
    feed.timer = setTimeout(() => this.drop(feed), KEEP_FINISHED_MS);
    feed.timer.unref();
  }
}
