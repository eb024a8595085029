import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { sleep, waitFor } from '../../scripts/local-stack';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { loadConfig } from '../../src/config/app-config';
import { ItemType } from '../../src/contract/statuses';
import { syncItemWorkflowId } from '../../src/contract/workflow-ids';
import type { WorkerRuntime } from '../../src/worker/build-worker';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { startTestWorker } from '../support/worker';
import { NEW_PATH_MEMO } from '../replay/fixtures/changed-sync-item';

const STOP_SALES = 9;
const RESERVATIONS = 6;
const CONCURRENCY = 4;

interface ItemRow {
  item_type: ItemType;
  item_id: number;
  status: string;
}

type Stage = 'finished' | 'in flight' | 'not begun';

describe('a deploy of changed workflow code in the middle of a run', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let temporal: Client;
  let worker: WorkerRuntime | undefined;

  beforeAll(async () => {
    // Slow Sedna and few items at a time: several are in flight when the worker stops.
    sim = await startSednaSimulator({ rateLimitPerSecond: 100, latencyMs: 400 });
    api = await startApi({ sync: { ...loadConfig().sync, maxConcurrentItems: CONCURRENCY } });
    temporal = new Client({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }),
    });
  });

  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await sim?.close();
    await temporal?.connection.close();
  });

  const itemsOf = (syncId: string) =>
    queryDb<ItemRow>(
      `SELECT i.item_type, i.item_id, i.status FROM sync_items i
         JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1 ORDER BY i.ordinal`,
      [syncId],
    );

  /** Where an item's workflow stood when the old worker stopped. */
  async function stageOf(workflowId: string): Promise<Stage> {
    const handle = temporal.workflow.getHandle(workflowId);
    try {
      if ((await handle.describe()).status.name !== 'RUNNING') return 'finished';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'not begun';
      throw err;
    }
    const { events } = await handle.fetchHistory();
    // A completed workflow task holds commands of the old code: its replay must keep them.
    return events?.some((e) => e.workflowTaskCompletedEventAttributes) ? 'in flight' : 'not begun';
  }

  async function tookNewPath(workflowId: string): Promise<boolean> {
    const { memo } = await temporal.workflow.getHandle(workflowId).describe();
    return memo?.[NEW_PATH_MEMO] === true;
  }

  it('finishes in-flight items on the old path, later ones on the new path, each exactly once', async () => {
    worker = await startTestWorker();
    const tenant = await createTenant(api.url, sim, { rate: 50 });
    const ids = await importEmails(api.url, tenant, [
      ...stopSaleEmails('dep', STOP_SALES),
      ...reservationEmails('dep', RESERVATIONS),
    ]);
    const syncId = await startSync(api.url, tenant, ids);
    const workflowIds = (await itemsOf(syncId)).map((i) =>
      syncItemWorkflowId(syncId, i.item_type, i.item_id),
    );
    expect(workflowIds).toHaveLength(STOP_SALES + RESERVATIONS);
    const stagesNow = async () => {
      const stages = new Map<string, Stage>();
      for (const id of workflowIds) stages.set(id, await stageOf(id));
      return stages;
    };
    const count = (stages: Map<string, Stage>, stage: Stage) =>
      [...stages.values()].filter((s) => s === stage).length;
    // Deploy once some items are done and several are under way, each held in a slow Sedna
    // request (the requests sent before the slow-down have answered by then), so that they are
    // still under way when the old worker has stopped.
    await waitFor(
      'items held in flight',
      async () => {
        const now = await stagesNow();
        if (count(now, 'finished') < 1 || count(now, 'in flight') < 2) return undefined;
        await simPost(sim, 'faults', {
          rules: [{ action: 'any', kind: 'latency', latencyMs: 4000 }],
        });
        await sleep(1000);
        if (count(await stagesNow(), 'in flight') >= 2) return true;
        await simPost(sim, 'faults', { rules: [] });
        return undefined;
      },
      { intervalMs: 50 },
    );

    // The deploy: the old worker stops, a worker with the changed (patched) code starts.
    await worker.shutdown();
    worker = undefined;
    const stages = await stagesNow();
    await simPost(sim, 'faults', { rules: [] });
    worker = await startTestWorker(
      require.resolve('../replay/fixtures/patched-change.workflows.ts'),
    );

    const run = await waitForRun(syncId, 150_000);
    expect(run).toMatchObject({
      status: 'completed',
      successful_count: STOP_SALES + RESERVATIONS,
      failed_count: 0,
    });
    const byStage = (stage: Stage) => workflowIds.filter((id) => stages.get(id) === stage);
    // Several items were under way on the old code, and some had not begun.
    expect(byStage('in flight').length).toBeGreaterThanOrEqual(2);
    expect(byStage('not begun').length).toBeGreaterThanOrEqual(1);
    for (const id of [...byStage('finished'), ...byStage('in flight')])
      expect([id, await tookNewPath(id)]).toEqual([id, false]);
    for (const id of byStage('not begun')) expect([id, await tookNewPath(id)]).toEqual([id, true]);

    // Every item exactly once, in the simulator and in the database.
    const items = await itemsOf(syncId);
    expect(items.every((i) => i.status === 'success')).toBe(true);
    const stats = (await simGet(sim, 'stats')).agencies.demo;
    expect(stats.stopSalesCreated).toBe(STOP_SALES);
    expect(stats.reservationsCreated).toBe(RESERVATIONS);
    expect(stats.duplicatesRejected).toBe(0);
    const headers = (await simGet(sim, 'stop-sales')) as { RecId: number }[];
    const stopSales = await queryDb('SELECT sedna_rec_id FROM stop_sales WHERE tenant_id = $1', [
      tenant.id,
    ]);
    expect(stopSales).toHaveLength(STOP_SALES);
    for (const row of stopSales)
      expect(headers.filter((h) => h.RecId === row.sedna_rec_id)).toHaveLength(1);
    const reservations = await queryDb(
      'SELECT sedna_rec_id FROM reservations WHERE tenant_id = $1 AND sedna_rec_id IS NOT NULL',
      [tenant.id],
    );
    expect(reservations).toHaveLength(RESERVATIONS);
  }, 200_000);
});
