import type { ManagedProcess } from '../../scripts/managed-process';
import { sleep } from '../../scripts/local-stack';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { expectEachCreatedOnce } from '../support/effects';
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
import { spawnWorkerProcess } from '../support/worker';

describe('exactly-once effects under faults', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let workers: ManagedProcess[] = [];

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    api = await startApi();
    process.env.SEDNA_TIMEOUT_MS = '2000';
    workers.push(await spawnWorkerProcess('worker-a'));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
    await sim?.close();
  });

  it('creates nothing twice when responses are lost, reset, time out or fail', async () => {
    await simPost(sim, 'reset');
    await simPost(sim, 'faults', {
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
    const tenant = await createTenant(api.url, sim);
    const ids = await importEmails(api.url, tenant, [
      ...stopSaleEmails('lost', 8),
      ...reservationEmails('lost', 8),
    ]);
    const run = await waitForRun(await startSync(api.url, tenant, ids));
    expect(run).toMatchObject({ status: 'completed', successful_count: 16, failed_count: 0 });
    const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(sim, 'stats')).agencies.demo;
    expect(stats.duplicatesRejected).toBe(0);
    expect(stats.stopSalesCreated).toBe(8);
    expect(stats.reservationsCreated).toBe(8);
    // Every injected fault was actually hit.
    const { rules } = (await simGet(sim, 'faults')) as { rules: { remaining: number | null }[] };
    expect(rules.map((r) => r.remaining)).toEqual(rules.map(() => 0));
    await simPost(sim, 'faults', { rules: [] });
  });

  it('finishes a run with every item created once after its worker is killed mid-run', async () => {
    await simPost(sim, 'reset');
    await simPost(sim, 'config', { latencyMs: 150 });
    const tenant = await createTenant(api.url, sim, { rate: 20 });
    const ids = await importEmails(api.url, tenant, [
      ...stopSaleEmails('kill', 15),
      ...reservationEmails('kill', 10),
    ]);
    const syncId = await startSync(api.url, tenant, ids);
    for (let done = 0; done < 5; await sleep(100)) {
      [{ done }] = await queryDb(
        `SELECT count(*)::int AS done FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
          WHERE r.sync_id = $1 AND i.status <> 'pending'`,
        [syncId],
      );
    }
    await workers[0].stop('SIGKILL');
    workers = [await spawnWorkerProcess('worker-b')];
    const run = await waitForRun(syncId, 120_000);
    await simPost(sim, 'config', { latencyMs: 0 });
    expect(run).toMatchObject({ status: 'completed', successful_count: 25 });
    const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(sim, 'stats')).agencies.demo;
    expect(stats.stopSalesCreated).toBe(15);
    expect(stats.reservationsCreated).toBe(10);
    expect(stats.duplicatesRejected).toBe(0);
  });
});
