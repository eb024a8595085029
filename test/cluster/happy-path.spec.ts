import { Client as PgClient } from 'pg';
import { waitFor } from '../../scripts/local-stack';
import { ORCHESTRATION_TASK_QUEUE } from '../../src/contract/task-queues';
import { expectThirtyItemRunListed, syncThirtyMixedItems } from '../support/bulk-sync-scenario';
import { queryDb } from '../support/db';
import { expectEachCreatedOnce } from '../support/effects';
import { call } from '../support/http';
import { simGet } from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

/** The partitions (0 = root) of a task queue that the server has stored in its database. */
async function storedPartitions(taskQueue: string): Promise<number[]> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/temporal';
  const db = new PgClient({ connectionString: url.toString() });
  await db.connect();
  try {
    // task_queue_id: the namespace id (16 bytes), the partition's name, the task type (1 byte).
    const { rows } = await db.query<{ name: string }>(
      `SELECT DISTINCT convert_from(substring(task_queue_id from 17 for length(task_queue_id) - 17),
                                    'UTF8') AS name
         FROM task_queues`,
    );
    const names = rows.map((r) => r.name);
    const partitions = names.flatMap((name) => {
      if (name === taskQueue) return [0];
      const match = /^\/_sys\/(.+)\/(\d+)$/.exec(name);
      return match?.[1] === taskQueue ? [Number(match[2])] : [];
    });
    return [...new Set(partitions)].sort();
  } finally {
    await db.end();
  }
}

describe('a bulk sync on the real Temporal server (PostgreSQL, 4 shards, 4 partitions)', () => {
  const stack = useSyncStack();

  it('syncs 30 mixed items once each; database, result and simulator agree', async () => {
    const { tenant, syncId, run } = await syncThirtyMixedItems(stack.api.url, stack.sim, 'happy');

    const { orphanHeaders } = await expectEachCreatedOnce(stack.sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(stats).toMatchObject({
      stopSalesCreated: 20,
      reservationsCreated: 10,
      duplicatesRejected: 0,
    });

    // The result lists every item with the Sedna id the database holds for it.
    const result = await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, {
      token: tenant.token,
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'completed', failed: [], cancelled: [] });
    const items = await queryDb(
      'SELECT item_type, item_id, sedna_rec_id FROM sync_items WHERE sync_run_id = $1',
      [run.id],
    );
    const fromResult = (
      result.body.successful as { type: string; item_id: number; sedna_id: number }[]
    )
      .map((s) => `${s.type}:${s.item_id}:${s.sedna_id}`)
      .sort();
    const fromDb = items.map((i) => `${i.item_type}:${i.item_id}:${i.sedna_rec_id}`).sort();
    expect(fromResult).toHaveLength(30);
    expect(fromResult).toEqual(fromDb);
    const stopSales = await queryDb(
      'SELECT id, sedna_rec_id FROM stop_sales WHERE tenant_id = $1',
      [tenant.id],
    );
    for (const row of stopSales)
      expect(fromResult).toContain(`stop_sale:${row.id}:${row.sedna_rec_id}`);

    // The run, its 30 items and its delivery are in the SQL visibility store under their
    // search attributes.
    await expectThirtyItemRunListed(stack.temporal, syncId);
  });

  it('runs on 4 history shards and 4 partitions per task queue', async () => {
    const info = await stack.temporal.connection.workflowService.getClusterInfo({});
    expect(info).toMatchObject({ historyShardCount: 4, persistenceStore: 'postgres12' });
    // The worker's pollers spread over the partitions, which the server then stores.
    const partitions = await waitFor('4 partitions', async () => {
      const found = await storedPartitions(ORCHESTRATION_TASK_QUEUE);
      return found.length === 4 ? found : undefined;
    });
    expect(partitions).toEqual([0, 1, 2, 3]);
  });
});
