/**
 * `npm run histories:record`: runs every workflow scenario on a throwaway stack (Temporal dev
 * server, PostgreSQL, the Sedna simulator with its fault injection, the API and a worker, as the
 * integration tests start them) and writes each run's event history to test/replay/histories/,
 * where the `unit` replay test replays them against the current workflow code.
 *
 * Re-record after a deliberate, patched() change; keep the older files as long as runs of that
 * age can exist (README, "Versioning policy").
 */
import { Client, WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { reconcileWorkflowId } from '../../src/contract/reconcile';
import { ItemType } from '../../src/contract/statuses';
import { ORCHESTRATION_TASK_QUEUE } from '../../src/contract/task-queues';
import type { ReconcileWorkflow } from '../../src/contract/workflows';
import { bulkSyncWorkflowId, syncItemWorkflowId } from '../../src/contract/workflow-ids';
import { queryDb } from '../support/db';
import globalSetup from '../support/global-setup';
import globalTeardown from '../support/global-teardown';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { startSyncStack, stopSyncStack, SyncStack } from '../support/sync-stack';
import { REPO_ROOT, sleep, waitFor } from '../../scripts/local-stack';

const OUT_DIR = join(REPO_ROOT, 'test', 'replay', 'histories');
/** Small, so that a run of a handful of items continues as new. */
const ITEMS_PER_RUN = 3;

interface Recorded {
  file: string;
  type: string;
  events: number;
}

class Recorder {
  readonly written: Recorded[] = [];

  constructor(
    private readonly temporal: Client,
    private readonly dir: string,
  ) {}

  /**
   * Waits until the run is closed, then writes its history as `<name>.json`; returns the run id
   * it continued as, if it did.
   */
  async save(name: string, handle: WorkflowHandle): Promise<string | undefined> {
    await waitFor(`${name} to close`, async () =>
      (await handle.describe()).status.name === 'RUNNING' ? undefined : true,
    );
    const history = await handle.fetchHistory();
    const file = `${name}.json`;
    writeFileSync(join(this.dir, file), `${historyToJSON(history)}\n`);
    const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
    this.written.push({ file, type: type ?? '?', events: history.events?.length ?? 0 });
    const last = history.events?.at(-1);
    return last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }

  /** Every run of a continue-as-new chain, as `<name>-run-<n>.json`. */
  async saveChain(name: string, workflowId: string): Promise<number> {
    const latest = await this.temporal.workflow.getHandle(workflowId).describe();
    let runId: string | undefined = latest.raw.workflowExecutionInfo?.firstRunId ?? undefined;
    let n = 0;
    while (runId) {
      runId = await this.save(
        `${name}-run-${++n}`,
        this.temporal.workflow.getHandle(workflowId, runId),
      );
    }
    return n;
  }

  /**
   * A closed run of each workflow type that no scenario recorded (a type the scenarios start
   * as a child, added after them), as `<type>.json`: the replay test wants every type.
   */
  async otherTypes(): Promise<void> {
    const recorded = new Set(this.written.map((w) => w.type));
    for await (const run of this.temporal.workflow.list({
      query: 'ExecutionStatus != "Running"',
    })) {
      if (recorded.has(run.type)) continue;
      recorded.add(run.type);
      await this.save(run.type, this.temporal.workflow.getHandle(run.workflowId, run.runId));
    }
  }

  item(name: string, syncId: string, type: ItemType, itemId: number) {
    return this.save(
      name,
      this.temporal.workflow.getHandle(syncItemWorkflowId(syncId, type, itemId)),
    );
  }

  bulk(name: string, syncId: string) {
    return this.save(name, this.temporal.workflow.getHandle(bulkSyncWorkflowId(syncId)));
  }
}

interface ItemRow {
  item_type: ItemType;
  item_id: number;
  status: string;
  error_message: string | null;
}

async function itemsOf(syncId: string): Promise<ItemRow[]> {
  return queryDb<ItemRow>(
    `SELECT i.item_type, i.item_id, i.status, i.error_message FROM sync_items i
       JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1 ORDER BY i.ordinal`,
    [syncId],
  );
}

function pick(items: ItemRow[], type: ItemType, status: string, error?: RegExp): ItemRow {
  const found = items.find(
    (i) =>
      i.item_type === type && i.status === status && (!error || error.test(i.error_message ?? '')),
  );
  if (!found) throw new Error(`no ${status} ${type} ${error ?? ''} in ${JSON.stringify(items)}`);
  return found;
}

function expectRun(run: { status: string }, status: string, what: string) {
  if (run.status !== status) throw new Error(`${what}: run ended ${run.status}, not ${status}`);
}

/** A bulk run of 7 items, 3 per run: two continue-as-new, three runs; one item of each kind. */
async function continuedAsNew(stack: SyncStack, rec: Recorder) {
  const tenant = await createTenant(stack.api.url, stack.sim);
  const ids = await importEmails(stack.api.url, tenant, [
    ...stopSaleEmails('rec-can', 4),
    ...reservationEmails('rec-can', 3),
  ]);
  const syncId = await startSync(stack.api.url, tenant, ids);
  expectRun(await waitForRun(syncId), 'completed', 'continued-as-new');
  const runs = await rec.saveChain('bulk-continued-as-new', bulkSyncWorkflowId(syncId));
  if (runs < 3) throw new Error(`expected 3 runs in the chain, got ${runs}`);
  const items = await itemsOf(syncId);
  const stopSale = pick(items, 'stop_sale', 'success');
  const reservation = pick(items, 'reservation', 'success');
  await rec.item('item-stop-sale-succeeded', syncId, 'stop_sale', stopSale.item_id);
  await rec.item('item-reservation-succeeded', syncId, 'reservation', reservation.item_id);
}

/**
 * Phase 2 rejected by Sedna for one hotel, an unknown hotel; then a retry run after a mapping:
 * its stop sale skips Phase 1 (the RecId is stored) and resumes at Phase 2.
 */
async function failuresAndRetry(stack: SyncStack, rec: Recorder) {
  const { api, sim } = stack;
  const tenant = await createTenant(api.url, sim);
  const emails = stopSaleEmails('rec-fail', 3, 1, (i) =>
    i < 2 ? 'Grand Resort Antalya' : 'Mandarin Resrt Side',
  );
  const ids = await importEmails(api.url, tenant, emails);
  await simPost(sim, 'faults', {
    rules: [{ action: 'phase2', kind: 'business-error', match: { hotelId: 25 } }],
  });
  const syncId = await startSync(api.url, tenant, ids);
  expectRun(await waitForRun(syncId), 'failed', 'failures');
  await simPost(sim, 'faults', { rules: [] });
  await rec.bulk('bulk-all-items-failed', syncId);
  const items = await itemsOf(syncId);
  const rejected = pick(items, 'stop_sale', 'failed', /Simulated business error/);
  const unknown = pick(items, 'stop_sale', 'failed', /Hotel not found/);
  await rec.item('item-stop-sale-phase2-rejected', syncId, 'stop_sale', rejected.item_id);
  await rec.item('item-stop-sale-unknown-hotel', syncId, 'stop_sale', unknown.item_id);

  await mapHotel(api.url, tenant, 'Mandarin Resrt Side', 18);
  const phase1Before = (await simGet(sim, 'stats')).agencies.demo.byAction.phase1 as number;
  const retry = await call(api.url, 'POST', `/api/sync/${syncId}/retry`, { token: tenant.token });
  if (retry.status !== 200) throw new Error(`retry: ${retry.status} ${retry.text}`);
  const retryId = retry.body.sync_id as string;
  expectRun(await waitForRun(retryId), 'completed', 'retry');
  // One new Phase 1 (the mapped hotel); the two rejected stop sales resumed at Phase 2.
  const phase1After = (await simGet(sim, 'stats')).agencies.demo.byAction.phase1 as number;
  if (phase1After - phase1Before !== 1)
    throw new Error(`retry sent ${phase1After - phase1Before} Phase 1s`);
  await rec.bulk('bulk-retry-run', retryId);
  await rec.item('item-stop-sale-resumed-at-phase2', retryId, 'stop_sale', rejected.item_id);
}

async function mapHotel(apiUrl: string, tenant: Tenant, name: string, hotelId: number) {
  const res = await call(apiUrl, 'PUT', '/api/hotel-mappings', {
    token: tenant.token,
    body: { hotel_name: name, sedna_hotel_id: hotelId },
  });
  if (res.status !== 200) throw new Error(`mapping: ${res.status} ${res.text}`);
}

/** A run cancelled while its stop sales wait for a slow Phase 2. */
async function cancelled(stack: SyncStack, rec: Recorder) {
  const { api, sim } = stack;
  const tenant = await createTenant(api.url, sim);
  const ids = await importEmails(api.url, tenant, stopSaleEmails('rec-cancel', 3));
  await simPost(sim, 'faults', { rules: [{ action: 'phase2', kind: 'latency', latencyMs: 4000 }] });
  const phase1Before = (await simGet(sim, 'stats')).agencies.demo.byAction.phase1 as number;
  const syncId = await startSync(api.url, tenant, ids);
  await waitFor('three Phase 1s', async () => {
    const phase1 = (await simGet(sim, 'stats')).agencies.demo.byAction.phase1 as number;
    return phase1 - phase1Before >= 3 || undefined;
  });
  await sleep(300);
  const res = await call(api.url, 'POST', `/api/sync/${syncId}/cancel`, { token: tenant.token });
  if (res.status !== 200 && res.status !== 202)
    throw new Error(`cancel: ${res.status} ${res.text}`);
  expectRun(await waitForRun(syncId), 'cancelled', 'cancel');
  await simPost(sim, 'faults', { rules: [] });
  await rec.bulk('bulk-cancelled', syncId);
  const item = pick(await itemsOf(syncId), 'stop_sale', 'cancelled');
  await rec.item('item-stop-sale-cancelled', syncId, 'stop_sale', item.item_id);
}

/** One action of the auto-sync schedule, triggered at once; then one with nothing due. */
async function scheduled(stack: SyncStack, rec: Recorder) {
  const { api, sim, temporal } = stack;
  const tenant = await createTenant(api.url, sim);
  await importEmails(api.url, tenant, stopSaleEmails('rec-sched', 2));
  const schedules = (method: string, path: string, body?: unknown) =>
    call(api.url, method, `/api/schedules${path}`, { token: tenant.token, body });
  // A window that no natural action hits while this runs: only the triggers start actions.
  const now = new Date();
  const start = (now.getUTCHours() + 2) % 24;
  const clock = (h: number, m = 0) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  const saved = await schedules('PUT', '', {
    enabled: true,
    max_items: 10,
    window_start: clock(start),
    window_end: clock(start, 30),
    nightly_retry_time: clock(start),
  });
  if (saved.status !== 200) throw new Error(`schedule: ${saved.status} ${saved.text}`);
  const schedule = temporal.schedule.getHandle(`auto-sync-${tenant.id}`);
  const trigger = async (name: string) => {
    const before = (await schedule.describe()).info.recentActions.length;
    const res = await schedules('POST', '/trigger');
    if (res.status !== 202) throw new Error(`trigger: ${res.status} ${res.text}`);
    const action = await waitFor('the action', async () => {
      const { recentActions } = (await schedule.describe()).info;
      return recentActions.length > before ? recentActions.at(-1) : undefined;
    });
    const { workflowId, firstExecutionRunId } = action.action.workflow;
    const handle = temporal.workflow.getHandle(workflowId, firstExecutionRunId);
    const result = await handle.result();
    await rec.save(name, handle);
    return result as { syncId: string; status: string } | null;
  };
  const run = await trigger('scheduled-sync');
  if (!run || run.status !== 'completed') throw new Error(`scheduled run: ${JSON.stringify(run)}`);
  await rec.bulk('bulk-scheduled-run', run.syncId);
  const nothing = await trigger('scheduled-sync-nothing-due');
  if (nothing !== null) throw new Error(`expected nothing due, got ${JSON.stringify(nothing)}`);
  await schedules('PUT', '', { enabled: false });
}

/** A drift check over a few synced items, one of them deleted in Sedna, in a continue-as-new chain. */
async function reconcile(stack: SyncStack, rec: Recorder) {
  const { api, sim, temporal } = stack;
  const tenant = await createTenant(api.url, sim);
  const ids = await importEmails(api.url, tenant, [
    ...stopSaleEmails('rec-drift', 2),
    ...reservationEmails('recdrift', 1),
  ]);
  const run = await waitForRun(await startSync(api.url, tenant, ids));
  if (run.status !== 'completed') throw new Error(`drift run: ${JSON.stringify(run)}`);
  const [{ rec: recId }] = await queryDb<{ rec: number }>(
    'SELECT sedna_rec_id AS rec FROM stop_sales WHERE tenant_id = $1 ORDER BY id LIMIT 1',
    [tenant.id],
  );
  await simPost(sim, 'stop-sales/delete', { RecId: recId });
  const reconcileId = randomUUID();
  const handle = await temporal.workflow.start<ReconcileWorkflow>('reconcileWorkflow', {
    taskQueue: ORCHESTRATION_TASK_QUEUE,
    workflowId: reconcileWorkflowId(reconcileId),
    args: [
      {
        tenantId: tenant.id,
        reconcileId,
        trigger: 'manual',
        windowDays: 1,
        pageSize: 1,
        pagesPerRun: 2,
      },
    ],
  });
  await handle.result();
  const runs = await rec.saveChain('reconcile-continued-as-new', handle.workflowId);
  if (runs < 2) throw new Error(`expected the drift check to continue as new, got ${runs} run(s)`);
}

const SCENARIOS = [continuedAsNew, failuresAndRetry, cancelled, scheduled, reconcile];

async function main() {
  // `npm run histories:record -- reconcile`: only the named scenarios (their files are written,
  // the others stay as recorded).
  const only = process.argv.slice(2);
  const scenarios = only.length ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
  process.env.SYNC_ITEMS_PER_RUN = String(ITEMS_PER_RUN);
  process.env.LOG_LEVEL ??= 'warn';
  await globalSetup();
  const staging = mkdtempSync(join(tmpdir(), 'sedna-histories-'));
  let stack: SyncStack | undefined;
  try {
    stack = await startSyncStack();
    const rec = new Recorder(stack.temporal, staging);
    for (const scenario of scenarios) {
      console.log(`recording ${scenario.name}`);
      await scenario(stack, rec);
    }
    if (!only.length) await rec.otherTypes();
    // Only a complete set overwrites the current files; other files (scenarios recorded by
    // other tests, older sets in dated subfolders) stay.
    mkdirSync(OUT_DIR, { recursive: true });
    for (const file of readdirSync(staging)) copyFileSync(join(staging, file), join(OUT_DIR, file));
    for (const { file, events } of rec.written) console.log(`  ${file}: ${events} events`);
    console.log(`${readdirSync(OUT_DIR).length} histories in ${OUT_DIR}`);
  } finally {
    if (stack) await stopSyncStack(stack);
    await globalTeardown();
    rmSync(staging, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
