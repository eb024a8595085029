import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ItemRefs } from '../../src/contract/activities';
import { ITEM_ERROR_CODES } from '../../src/contract/item-errors';
import { ItemOutcome, SyncItemInput, SyncItemRef } from '../../src/contract/sync-item';
import { ORCHESTRATION_TASK_QUEUE } from '../../src/contract/task-queues';
import { bulkSyncWorkflowId, syncItemWorkflowId } from '../../src/contract/workflow-ids';
import {
  BulkSyncInput,
  ProgressSnapshot,
  QUERY_PROGRESS,
  RunCounts,
  SIGNAL_CANCEL,
} from '../../src/contract/workflows';
import { bulkSyncWorkflow, syncItemWorkflow } from '../../workflows';
import { ActivityOverrides, createTestEnv, createWorker } from '../support/workflow-test-env';

// The real workflows on Temporal's time-skipping test server, with the database steps and the
// Sedna calls replaced by in-memory stand-ins.

const TENANT = 'tenant-a';
const REFS: ItemRefs = { hotelId: 7, roomTypeIds: [11], boardIds: [21] };

let testEnv: TestWorkflowEnvironment;

// Seconds of wall time on a quiet machine; the margin is for a loaded one.
jest.setTimeout(60_000);

beforeAll(async () => {
  testEnv = await createTestEnv();
}, 120_000);

afterAll(async () => {
  await testEnv?.teardown();
});

function itemRefs(count: number, type: SyncItemRef['type'] = 'reservation'): SyncItemRef[] {
  return Array.from({ length: count }, (_, i) => ({
    rowId: 1000 + i + 1,
    ordinal: i + 1,
    emailId: 1,
    type,
    itemId: i + 1,
  }));
}

/** The sync_items of one or more runs, the stop sales' stored Phase 1 RecIds, and what was asked. */
function memoryItemStore(items: SyncItemRef[]) {
  const outcomes = new Map<number, ItemOutcome>();
  const headerSednaIds = new Map<number, number>();
  /** sync_items.event_seq by row, numbered per run in commit order as the repository does. */
  const eventSeqs = new Map<number, number>();
  const lastSeqOfRun = new Map<string, number>();
  const assignSeq = (syncId: string, rowId: number) => {
    const kept = eventSeqs.get(rowId);
    if (kept !== undefined) return kept;
    const seq = (lastSeqOfRun.get(syncId) ?? 0) + 1;
    lastSeqOfRun.set(syncId, seq);
    eventSeqs.set(rowId, seq);
    return seq;
  };
  const calls = {
    pagesAfter: [] as number[],
    prepared: [] as number[],
    staleChecks: 0,
    finished: [] as { syncId: string; status: string; counts: RunCounts }[],
    seqAtCommit: [] as (true | undefined)[],
    numbered: [] as number[],
    recordedSeqs: [] as { rowId: number; seq: number }[],
  };
  const activities = {
    async staleReferenceKinds() {
      calls.staleChecks++;
      return [];
    },
    async loadItemPage(_syncId: string, afterOrdinal: number, limit: number) {
      calls.pagesAfter.push(afterOrdinal);
      return items.filter((i) => i.ordinal > afterOrdinal).slice(0, limit);
    },
    async prepareItem(input: SyncItemInput) {
      calls.prepared.push(input.item.rowId);
      return { kind: 'ready' as const, refs: REFS };
    },
    async completeItem(input: SyncItemInput, outcome: ItemOutcome) {
      outcomes.set(input.item.rowId, outcome);
      calls.seqAtCommit.push(input.seqAtCommit);
      const headerSednaId =
        input.item.type === 'stop_sale' ? (headerSednaIds.get(input.item.itemId) ?? null) : null;
      return input.seqAtCommit
        ? { sednaId: headerSednaId, seq: assignSeq(input.syncId, input.item.rowId) }
        : { sednaId: headerSednaId };
    },
    async numberItemEvent(input: { syncId: string; rowId: number }) {
      calls.numbered.push(input.rowId);
      return assignSeq(input.syncId, input.rowId);
    },
    async recordEventSeqs(batch: { rowId: number; seq: number }[]) {
      calls.recordedSeqs.push(...batch);
    },
    async finishRun(run: { syncId: string; status: string; counts: RunCounts }) {
      calls.finished.push(run);
      return 1.5;
    },
    async fetchReferenceList() {},
  } satisfies ActivityOverrides;
  return { activities, outcomes, headerSednaIds, eventSeqs, calls };
}

function runInput(syncId: string, overrides: Partial<BulkSyncInput>): BulkSyncInput {
  return {
    tenantId: TENANT,
    syncId,
    totalItems: 0,
    maxConcurrentItems: 10,
    itemsPerRun: 1000,
    ...overrides,
  };
}

function startRun(input: BulkSyncInput) {
  return testEnv.client.workflow.start(bulkSyncWorkflow, {
    taskQueue: ORCHESTRATION_TASK_QUEUE,
    workflowId: bulkSyncWorkflowId(input.syncId),
    args: [input],
  });
}

const byNumber = (a: number, b: number) => a - b;

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

test('never has more than maxConcurrentItems children in flight', async () => {
  const window = 3;
  const items = itemRefs(12);
  const store = memoryItemStore(items);
  // A child is in flight from its first step (prepareItem) to its last (completeItem).
  let inFlight = 0;
  let peak = 0;
  let windowFilled = 0;
  const prepareItem = async (input: SyncItemInput) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    return store.activities.prepareItem(input);
  };
  const completeItem = async (input: SyncItemInput, outcome: ItemOutcome) => {
    inFlight--;
    return store.activities.completeItem(input, outcome);
  };
  let inserting = 0;
  const insertReservation = async ({ reservationId }: { reservationId: number }) => {
    const filledBefore = windowFilled;
    if (++inserting >= window) windowFilled++;
    // Held until the window is full, and a while longer: a child started beyond the window
    // would show meanwhile.
    await waitFor(() => windowFilled > filledBefore, 2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    inserting--;
    return 5000 + reservationId;
  };
  const workers = await createWorker({
    testEnv,
    activityOverrides: { ...store.activities, prepareItem, completeItem, insertReservation },
  });

  const result = await workers.runUntil(async () => {
    const handle = await startRun(
      runInput('window', { totalItems: items.length, maxConcurrentItems: window }),
    );
    return handle.result();
  });

  expect(peak).toBe(window);
  expect(result.status).toBe('completed');
  expect(result.counts).toEqual({ total: 12, successful: 12, failed: 0, cancelled: 0 });
  expect(items.map((i) => store.outcomes.get(i.rowId))).toEqual(
    items.map((i) => ({ status: 'success', sednaId: 5000 + i.itemId })),
  );
  expect(store.calls.finished).toEqual([
    { syncId: 'window', status: 'completed', counts: result.counts },
  ]);
});

test('cancel mid-run: in-flight items finish, unstarted ones are cancelled', async () => {
  const items = itemRefs(10);
  const store = memoryItemStore(items);
  let entered = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const insertReservation = async ({ reservationId }: { reservationId: number }) => {
    entered++;
    await released;
    return 5000 + reservationId;
  };
  const workers = await createWorker({
    testEnv,
    activityOverrides: { ...store.activities, insertReservation },
  });

  const result = await workers.runUntil(async () => {
    const handle = await startRun(
      runInput('cancel', { totalItems: items.length, maxConcurrentItems: 2 }),
    );
    await waitFor(() => entered === 2, 20_000);
    expect(entered).toBe(2);
    await handle.signal(SIGNAL_CANCEL);
    release();
    return handle.result();
  });

  // A record created in Sedna is always stored: the two inserts in flight count as synced.
  expect(result.status).toBe('cancelled');
  expect(result.counts).toEqual({ total: 10, successful: 2, failed: 0, cancelled: 8 });
  expect([...store.calls.prepared].sort(byNumber)).toEqual([1001, 1002]);
  expect([...store.outcomes.keys()].sort(byNumber)).toEqual([1001, 1002]);
  expect(store.calls.finished).toEqual([
    { syncId: 'cancel', status: 'cancelled', counts: result.counts },
  ]);
});

test('continues as new every itemsPerRun items and carries the counts', async () => {
  const items = itemRefs(7);
  const store = memoryItemStore(items);
  const insertReservation = async ({ reservationId }: { reservationId: number }) =>
    5000 + reservationId;
  const workers = await createWorker({
    testEnv,
    activityOverrides: { ...store.activities, insertReservation },
  });

  const { result, firstRunId, lastRunId } = await workers.runUntil(async () => {
    const handle = await startRun(
      runInput('can', { totalItems: items.length, maxConcurrentItems: 2, itemsPerRun: 3 }),
    );
    const result = await handle.result();
    const latest = await testEnv.client.workflow.getHandle(handle.workflowId).describe();
    return { result, firstRunId: handle.firstExecutionRunId, lastRunId: latest.runId };
  });

  expect(result.status).toBe('completed');
  expect(result.counts).toEqual({ total: 7, successful: 7, failed: 0, cancelled: 0 });
  expect(lastRunId).not.toBe(firstRunId);
  // Three runs of at most three items, each reading from where the previous one stopped.
  expect(store.calls.pagesAfter).toEqual([0, 3, 6]);
  expect([...store.calls.prepared].sort(byNumber)).toEqual(items.map((i) => i.rowId));
  // The reference cache is warmed by the first run only.
  expect(store.calls.staleChecks).toBe(1);
  // Numbered at their commits across the runs: each item once, 1..7.
  expect([...store.eventSeqs.values()].sort(byNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(store.calls.finished).toHaveLength(1);
});

test('events carry the seqs the items committed with, in seq order, whatever order children end in', async () => {
  const items = itemRefs(6);
  const store = memoryItemStore(items);
  const [slowest, , unstartable] = items;
  let holding = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // Later items answer sooner, so that the commits (and seqs) come in another order than the
  // items. Item 1 answers only when released, so that the run is still open to be queried.
  // Item 3's child cannot start (a running workflow holds its id): it ends without completeItem.
  const insertReservation = async ({ reservationId }: { reservationId: number }) => {
    if (reservationId === slowest.itemId || reservationId === unstartable.itemId) {
      holding++;
      await released;
    }
    await new Promise((resolve) => setTimeout(resolve, (7 - reservationId) * 100));
    return 5000 + reservationId;
  };
  const workers = await createWorker({
    testEnv,
    activityOverrides: { ...store.activities, insertReservation },
  });

  const { result, progress } = await workers.runUntil(async () => {
    const holder = await testEnv.client.workflow.start(syncItemWorkflow, {
      taskQueue: ORCHESTRATION_TASK_QUEUE,
      workflowId: syncItemWorkflowId('seq-at-commit', 'reservation', unstartable.itemId),
      args: [{ tenantId: TENANT, syncId: 'other', item: { ...unstartable, rowId: 9999 } }],
    });
    await waitFor(() => holding === 1, 20_000);
    const handle = await startRun(
      runInput('seq-at-commit', { totalItems: items.length, maxConcurrentItems: 6 }),
    );
    // Queried while item 1 is in flight (the test server answers no query of a closed run).
    let progress: ProgressSnapshot | undefined;
    const deadline = Date.now() + 20_000;
    while ((progress?.events.length ?? 0) < 5 && Date.now() < deadline) {
      progress = await handle.query<ProgressSnapshot, [number]>(QUERY_PROGRESS, 0);
      if (progress.events.length < 5) await new Promise((r) => setTimeout(r, 50));
    }
    release();
    const result = await handle.result();
    await holder.result();
    return { result, progress: progress! };
  });

  expect(result.counts).toEqual({ total: 6, successful: 5, failed: 1, cancelled: 0 });
  // The run's five children numbered at commit; the holder (as a run of older code) did not.
  expect([...store.calls.seqAtCommit].sort()).toEqual([...Array(5).fill(true), undefined]);
  // The child that never started was numbered by the parent's local activity.
  expect(store.calls.numbered).toEqual([unstartable.rowId]);
  // The database holds every seq already: the parent writes none.
  expect(store.calls.recordedSeqs).toEqual([]);
  // Commit order, not item order: item 6 committed before item 2, item 1 last.
  expect(store.eventSeqs.get(items[5].rowId)!).toBeLessThan(store.eventSeqs.get(items[1].rowId)!);
  expect(store.eventSeqs.get(slowest.rowId)).toBe(6);
  // While item 1 ran: the other five, in seq order, each with its item's seq.
  expect(progress.lastSeq).toBe(5);
  expect(progress.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  for (const event of progress.events) {
    const row = items.find((i) => i.itemId === event.item_id)!;
    expect(event.seq).toBe(store.eventSeqs.get(row.rowId));
  }
  expect(progress.events.find((e) => e.item_id === unstartable.itemId)).toMatchObject({
    status: 'failed',
  });
});

describe('stop sale Phase 2', () => {
  const stopSale = itemRefs(1, 'stop_sale');
  const sednaId = 9001;

  /** Phase 1 creates the header once; a later call finds the stored RecId and sends nothing. */
  function phase1(store: ReturnType<typeof memoryItemStore>, headerRequests: number[]) {
    return async ({ stopSaleId }: { stopSaleId: number }) => {
      const stored = store.headerSednaIds.get(stopSaleId);
      if (stored !== undefined) return stored;
      headerRequests.push(stopSaleId);
      store.headerSednaIds.set(stopSaleId, sednaId);
      return sednaId;
    };
  }

  test('a refused Phase 2 fails the item with its header RecId; a retry run reuses the header', async () => {
    const store = memoryItemStore(stopSale);
    const headerRequests: number[] = [];
    let attachCalls = 0;
    const attachStopSaleChildren = async () => {
      attachCalls++;
      if (attachCalls === 1) {
        // Not flagged non-retryable: the retry policy knows the code.
        throw ApplicationFailure.create({
          message: 'Sedna refused the rooms',
          type: ITEM_ERROR_CODES.sednaRejected,
        });
      }
    };
    const workers = await createWorker({
      testEnv,
      activityOverrides: {
        ...store.activities,
        createStopSaleHeader: phase1(store, headerRequests),
        attachStopSaleChildren,
      },
    });

    const { first, firstChild, retry } = await workers.runUntil(async () => {
      const input = runInput('p2-first', { totalItems: 1 });
      const first = await (await startRun(input)).result();
      const firstChild = await testEnv.client.workflow
        .getHandle<() => Promise<ItemOutcome>>(syncItemWorkflowId('p2-first', 'stop_sale', 1))
        .result();
      const afterFirst = store.outcomes.get(stopSale[0].rowId);
      const retry = await (await startRun(runInput('p2-retry', { totalItems: 1 }))).result();
      return { first: { result: first, outcome: afterFirst }, firstChild, retry };
    });

    expect(first.result.status).toBe('failed');
    expect(first.result.counts).toEqual({ total: 1, successful: 0, failed: 1, cancelled: 0 });
    expect(first.outcome).toMatchObject({
      status: 'failed',
      code: ITEM_ERROR_CODES.sednaRejected,
      stage: 'phase2',
      transient: false,
    });
    // The failed stop sale names the header that is in Sedna without rooms.
    expect(firstChild).toMatchObject({ status: 'failed', sednaId });

    expect(retry.status).toBe('completed');
    expect(store.outcomes.get(stopSale[0].rowId)).toEqual({
      status: 'success',
      sednaId,
    });
    expect(headerRequests).toEqual([1]);
    // The refusal was not retried within the first run.
    expect(attachCalls).toBe(2);
  });

  test('a header in Sedna: Phase 2 keeps retrying transient failures past the usual cap', async () => {
    const store = memoryItemStore(stopSale);
    const headerRequests: number[] = [];
    // Other Sedna calls give up after 20 attempts (about 14 minutes).
    const failures = 24;
    let attachCalls = 0;
    const attachStopSaleChildren = async () => {
      attachCalls++;
      if (attachCalls <= failures) {
        throw ApplicationFailure.retryable('Sedna unreachable', ITEM_ERROR_CODES.sednaUnreachable);
      }
    };
    const workers = await createWorker({
      testEnv,
      activityOverrides: {
        ...store.activities,
        createStopSaleHeader: phase1(store, headerRequests),
        attachStopSaleChildren,
      },
    });

    const before = await testEnv.currentTimeMs();
    const result = await workers.runUntil(async () =>
      (await startRun(runInput('p2-transient', { totalItems: 1 }))).result(),
    );
    const skippedMs = (await testEnv.currentTimeMs()) - before;

    expect(result.status).toBe('completed');
    expect(attachCalls).toBe(failures + 1);
    expect(headerRequests).toEqual([1]);
    expect(store.outcomes.get(stopSale[0].rowId)).toEqual({
      status: 'success',
      sednaId,
    });
    // The backoffs (1 s doubling, at most 5 min apart: 511 s + 15 × 300 s) passed on the test
    // server's clock, not the test's.
    expect(skippedMs).toBeGreaterThanOrEqual(5011_000);
  });
});
