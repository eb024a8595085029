import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createItemStoreActivities } from '../../activities/item-store-activities';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { Repositories } from '../../src/database/repositories';
import type { ReferenceCacheService } from '../../src/sedna/reference-cache.service';
import { ProgressHub } from '../../src/sync/progress-hub.service';
import { SyncRunsService } from '../../src/sync/sync-runs.service';
import { SyncRepository } from '../../src/sync/sync.repository';
import type { ItemEvent } from '../../src/contract/item-events';
import type { ItemOutcome, SyncItemInput } from '../../src/contract/sync-item';
import type { WorkerRuntime } from '../../src/worker/build-worker';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { ProgressFrame, readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simPost,
  startSync,
  stopSaleEmail,
  Tenant,
} from '../support/sync-fixtures';
import { startTestWorker } from '../support/worker';

/** The events of a stream's progress frames, as the hub sent them (seq = the frame's id). */
function eventsOf(frames: ProgressFrame[]) {
  return frames
    .filter((f) => f.type === 'progress')
    .map((f) => ({ seq: f.id, ...(f.data.item as Omit<ItemEvent, 'seq'>) }));
}

describe('progress events numbered at the item commit (seq-at-commit)', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let tenant: Tenant;

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    api = await startApi();
    worker = await startTestWorker();
    tenant = await createTenant(api.url, sim, { rate: 20 });
  });

  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await sim?.close();
  });

  it('streams the events the database holds, each as built from its rows, and resumes by Last-Event-ID', async () => {
    // Items finish one after another, well after the stream's first poll.
    await simPost(sim, 'config', { latencyMs: 150 });
    const ids = await importEmails(api.url, tenant, [
      ...reservationEmails('commit', 3),
      stopSaleEmail('commit-room', 'Mandarin Resort', '2027-03-01', '2027-03-05', ['XYZ']),
      stopSaleEmail('commit-hotel', 'Mandarin Resrt Side', '2027-03-01', '2027-03-05', ['DBL']),
    ]);
    const hub = api.app.get(ProgressHub);
    const pollsBefore = hub.pollsIssued;
    const queriesBefore = hub.queriesIssued;
    const syncId = await startSync(api.url, tenant, ids);
    const live = readProgress(api.url, syncId, tenant.token).done;
    // A stream dropped after two events resumes after the last one it saw.
    const dropped = await readProgress(api.url, syncId, tenant.token, { closeAfter: 2 }).done;
    const resumed = await readProgress(api.url, syncId, tenant.token, {
      lastEventId: dropped.at(-1)!.id,
    }).done;
    const frames = await live;
    await simPost(sim, 'config', { latencyMs: 0 });

    const streamed = eventsOf(frames);
    expect(streamed.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(frames.at(-1)!.type).toBe('complete');
    // The live streams read the database; no workflow was queried.
    expect(hub.pollsIssued).toBeGreaterThan(pollsBefore);
    expect(hub.queriesIssued - queriesBefore).toBe(0);
    expect([...eventsOf(dropped), ...eventsOf(resumed)]).toEqual(streamed);
    expect(resumed.at(-1)!.type).toBe('complete');

    // The database rows give the events the workflow's query holds too (with what each item
    // is about, which the workflow never carries).
    const runs = api.app.get(SyncRunsService);
    const run = await runs.findRun(tenant.id, syncId);
    const { events: fromDatabase, held } = await runs.eventsAfter(run, 0);
    expect(held).toBe(false);
    expect(fromDatabase.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const snapshot = await hub.queryProgress(run.workflow_id, 0);
    expect(snapshot).not.toBeNull();
    expect(snapshot!.events).toHaveLength(5);
    for (const [i, event] of snapshot!.events.entries())
      expect(fromDatabase[i]).toMatchObject(event);
    // Each stored seq is its item's event's (processed_at is its transaction's start, not its
    // commit, so two items committing together may be numbered against that order).
    const rows = await queryDb<{ event_seq: number }>(
      'SELECT event_seq FROM sync_items WHERE sync_run_id = $1 ORDER BY event_seq',
      [run.id],
    );
    expect(rows.map((r) => r.event_seq)).toEqual([1, 2, 3, 4, 5]);
    // The stream sends the same events, with what each item is about.
    for (const [i, { seq: _seq, ...event }] of fromDatabase.entries())
      expect(streamed[i]).toEqual({ seq: i + 1, ...event });
    expect(streamed[0].hotel_name).toBeDefined();

    // needs_change, as the result says it: an unknown room code does, an unknown hotel not.
    const byCode = new Map(streamed.map((e) => [e.code, e]));
    expect(byCode.get('ROOM_TYPE_UNKNOWN')).toMatchObject({ status: 'failed', needs_change: true });
    expect(byCode.get('HOTEL_NOT_FOUND')).toMatchObject({ status: 'failed', needs_change: false });
    expect(streamed.filter((e) => e.status === 'success')).toHaveLength(3);
    for (const event of streamed.filter((e) => e.status === 'success'))
      expect(event).not.toHaveProperty('needs_change');

    // Another API process (a new feed, read from the database first) resumes the same way.
    const other = await startApi();
    try {
      const again = await readProgress(other.url, syncId, tenant.token, { lastEventId: 2 }).done;
      expect(eventsOf(again)).toEqual(streamed.slice(2));
      expect(again.at(-1)!.type).toBe('complete');
    } finally {
      await other.close();
    }
  });

  it('numbers each item once at its commit: a retried completeItem keeps its seq', async () => {
    const ids = await importEmails(api.url, tenant, reservationEmails('renumber', 8));
    const reservations = await queryDb<{ id: number; email_id: number }>(
      'SELECT id, email_id FROM reservations WHERE email_id = ANY($1) ORDER BY email_id',
      [ids],
    );
    const dataSource = api.app.get(DataSource);
    const repo = new SyncRepository(dataSource);
    const syncId = randomUUID();
    // A run's rows only: its items are completed here as the child workflows would.
    await repo.insertRun({
      tenantId: tenant.id,
      syncId,
      workflowId: `bulk-sync-${syncId}`,
      trigger: 'manual',
      requestedBy: null,
      sednaConnection: null,
      items: reservations.map((r) => ({ emailId: r.email_id, type: 'reservation', itemId: r.id })),
    });
    const refs = await repo.itemPage(syncId, 0, 10);
    const store = createItemStoreActivities({
      repos: new Repositories(dataSource),
      referenceCache: {} as ReferenceCacheService,
      findMapping: async () => null,
      credentials: async () => null,
    });
    const input = (i: number): SyncItemInput => ({
      tenantId: tenant.id,
      syncId,
      item: refs[i],
      seqAtCommit: true,
    });
    const outcome = (i: number): ItemOutcome => ({
      status: 'success',
      sednaId: 7000 + i,
    });

    // Seven items commit at once: each gets its own number of 1..7.
    const first = await Promise.all(
      refs.slice(0, 7).map((_, i) => store.completeItem(input(i), outcome(i))),
    );
    const seqs = first.map((c) => c.seq!);
    expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(first.every((c) => c.sednaId === null)).toBe(true);

    // The local activity retried after its commit: the same number.
    expect(await store.completeItem(input(3), outcome(3))).toEqual({
      sednaId: null,
      seq: seqs[3],
    });
    // A run begun before seq-at-commit: completeItem numbers nothing.
    const { seqAtCommit: _flag, ...oldInput } = input(4);
    expect(await store.completeItem(oldInput, outcome(4))).toEqual({ sednaId: null });

    // An item whose child ended without completeItem: numbered next, its row left pending.
    const last = refs[7].rowId;
    expect(await store.numberItemEvent({ syncId, rowId: last })).toBe(8);
    expect(await store.numberItemEvent({ syncId, rowId: last })).toBe(8);
    const stored = await queryDb<{ id: number; event_seq: number; status: string }>(
      'SELECT id, event_seq, status FROM sync_items WHERE id = ANY($1) ORDER BY ordinal',
      [refs.map((r) => r.rowId)],
    );
    expect(stored.map((r) => r.event_seq)).toEqual([...seqs, 8]);
    expect(stored.map((r) => r.status)).toEqual([...Array(7).fill('success'), 'pending']);

    // The database path reads the committed events and stops at the pending one…
    const runs = api.app.get(SyncRunsService);
    const run = await runs.findRun(tenant.id, syncId);
    const { events: finished, held } = await runs.eventsAfter(run, 0);
    expect(held).toBe(true);
    expect(finished.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(finished.map((e) => e.status)).toEqual(Array(7).fill('success'));
    // …told once the run's end cancels it.
    await repo.finishRun(syncId, 'partial', { total: 8, successful: 7, failed: 0, cancelled: 1 });
    const ended = await runs.findRun(tenant.id, syncId);
    expect((await runs.eventsAfter(ended, 7)).events.map((e) => [e.seq, e.status])).toEqual([
      [8, 'cancelled'],
    ]);
  });

  it('streams a run begun before seq-at-commit as its parent writes the numbers, with no workflow to ask', async () => {
    const ids = await importEmails(api.url, tenant, reservationEmails('legacy', 4));
    const reservations = await queryDb<{ id: number; email_id: number }>(
      'SELECT id, email_id FROM reservations WHERE email_id = ANY($1) ORDER BY email_id',
      [ids],
    );
    const dataSource = api.app.get(DataSource);
    const repo = new SyncRepository(dataSource);
    const syncId = randomUUID();
    // The run's rows only: no workflow of that id exists (as once its history is gone).
    await repo.insertRun({
      tenantId: tenant.id,
      syncId,
      workflowId: `bulk-sync-${syncId}`,
      trigger: 'manual',
      requestedBy: null,
      sednaConnection: null,
      items: reservations.map((r) => ({ emailId: r.email_id, type: 'reservation', itemId: r.id })),
    });
    const refs = await repo.itemPage(syncId, 0, 10);
    const store = createItemStoreActivities({
      repos: new Repositories(dataSource),
      referenceCache: {} as ReferenceCacheService,
      findMapping: async () => null,
      credentials: async () => null,
    });
    // Children of older code: completeItem stores the outcome and numbers nothing.
    const complete = (i: number) =>
      store.completeItem(
        { tenantId: tenant.id, syncId, item: refs[i] },
        { status: 'success', sednaId: 8000 + i },
      );
    const hub = api.app.get(ProgressHub);
    const queriesBefore = hub.queriesIssued;
    const stream = readProgress(api.url, syncId, tenant.token);
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all([complete(0), complete(1)]);
    const progressOf = () => stream.frames.filter((f) => f.type === 'progress');
    const waitForEvents = async (n: number) => {
      const deadline = Date.now() + 30_000;
      while (progressOf().length < n && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(progressOf()).toHaveLength(n);
    };
    // Stored but not numbered: nothing to send yet, and the workflow, asked for the numbers the
    // commits announced, cannot tell them either.
    const deadline = Date.now() + 30_000;
    while (hub.queriesIssued === queriesBefore && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(hub.queriesIssued).toBeGreaterThan(queriesBefore);
    await new Promise((r) => setTimeout(r, 1000));
    expect(progressOf()).toHaveLength(0);
    // The parent's batch of numbers (second item first), then the others and the run's end.
    await store.recordEventSeqs([
      { rowId: refs[1].rowId, seq: 1 },
      { rowId: refs[0].rowId, seq: 2 },
    ]);
    await waitForEvents(2);
    await Promise.all([complete(2), complete(3)]);
    await store.recordEventSeqs([
      { rowId: refs[2].rowId, seq: 3 },
      { rowId: refs[3].rowId, seq: 4 },
    ]);
    await store.finishRun({
      syncId,
      status: 'completed',
      counts: { total: 4, successful: 4, failed: 0, cancelled: 0 },
    });
    const frames = await stream.done;
    const streamed = eventsOf(frames);
    expect(streamed.map((e) => [e.seq, e.item_id])).toEqual(
      [1, 0, 2, 3].map((i, at) => [at + 1, refs[i].itemId]),
    );
    expect(streamed.map((e) => e.sedna_id)).toEqual([8001, 8000, 8002, 8003]);
    expect(frames.at(-1)!.data).toMatchObject({
      type: 'complete',
      status: 'completed',
      summary: { total: 4, successful: 4, failed: 0 },
    });
    // A client reconnecting after the end gets the rest from the database alone.
    const resumed = await readProgress(api.url, syncId, tenant.token, { lastEventId: 2 }).done;
    expect(eventsOf(resumed)).toEqual(streamed.slice(2));
    expect(resumed.at(-1)!.type).toBe('complete');
  });
});
