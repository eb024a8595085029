import { sleep } from '../../scripts/local-stack';
import { queryDb } from '../support/db';
import { expectEachCreatedOnce } from '../support/effects';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startMixedRun,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useProcessStack } from '../support/sync-stack';
import { spawnWorkerProcess } from '../support/worker';

describe('exactly-once effects under faults', () => {
  const stack = useProcessStack({
    sim: { rateLimitPerSecond: 100 },
    workers: ['worker-a'],
    workerEnv: { SEDNA_TIMEOUT_MS: '2000' },
  });

  it('creates nothing twice when responses are lost, reset, time out or fail', async () => {
    await simPost(stack.sim, 'reset');
    await simPost(stack.sim, 'faults', {
      rules: [
        { action: 'phase1', kind: 'lost-response', times: 3 },
        { action: 'phase1', kind: 'http500', times: 2 },
        { action: 'phase2', kind: 'lost-response', times: 2 },
        { action: 'insertReservation', kind: 'lost-response', times: 3 },
        { action: 'insertReservation', kind: 'reset', times: 2 },
        { action: 'insertReservation', kind: 'timeout', times: 1 },
        { action: 'phase1', kind: 'http429', times: 3 },
      ],
    });
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, [
      ...stopSaleEmails('lost', 8),
      ...reservationEmails('lost', 8),
    ]);
    const run = await waitForRun(await startSync(stack.api.url, tenant, ids));
    expect(run).toMatchObject({ status: 'completed', successful_count: 16, failed_count: 0 });
    const { orphanHeaders } = await expectEachCreatedOnce(stack.sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(stats.duplicatesRejected).toBe(0);
    expect(stats.stopSalesCreated).toBe(8);
    expect(stats.reservationsCreated).toBe(8);
    // Every injected fault was actually hit.
    const { rules } = (await simGet(stack.sim, 'faults')) as {
      rules: { remaining: number | null }[];
    };
    expect(rules.map((r) => r.remaining)).toEqual(rules.map(() => 0));
    await simPost(stack.sim, 'faults', { rules: [] });
  });

  it('finishes a run with every item created once after its worker is killed mid-run', async () => {
    await simPost(stack.sim, 'reset');
    await simPost(stack.sim, 'config', { latencyMs: 150 });
    const { tenant, syncId } = await startMixedRun(stack.api.url, stack.sim, 'kill', {
      stopSales: 15,
      reservations: 10,
    });
    for (let done = 0; done < 5; await sleep(100)) {
      [{ done }] = await queryDb(
        `SELECT count(*)::int AS done FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
          WHERE r.sync_id = $1 AND i.status <> 'pending'`,
        [syncId],
      );
    }
    await stack.workers[0].stop('SIGKILL');
    stack.workers = [await spawnWorkerProcess('worker-b')];
    const run = await waitForRun(syncId, 120_000);
    await simPost(stack.sim, 'config', { latencyMs: 0 });
    expect(run).toMatchObject({ status: 'completed', successful_count: 25 });
    const { orphanHeaders } = await expectEachCreatedOnce(stack.sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(stats.stopSalesCreated).toBe(15);
    expect(stats.reservationsCreated).toBe(10);
    expect(stats.duplicatesRejected).toBe(0);
  });
});
