import type { ManagedProcess } from '../../scripts/managed-process';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { expectEachCreatedOnce, untilFinished } from '../support/effects';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';

describe('a worker killed mid-run on the real Temporal server', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let workers: ManagedProcess[] = [];

  beforeAll(async () => {
    // Slow Sedna calls: the kill lands while calls are in flight.
    sim = await startSednaSimulator({ rateLimitPerSecond: 100, latencyMs: 150 });
    api = await startApi();
    workers.push(await spawnWorkerProcess('worker-a'));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
    await sim?.close();
  });

  it('finishes the run with every item created once by the next worker', async () => {
    const tenant = await createTenant(api.url, sim, { rate: 20 });
    const ids = await importEmails(api.url, tenant, [
      ...stopSaleEmails('kill', 15),
      ...reservationEmails('kill', 10),
    ]);
    const syncId = await startSync(api.url, tenant, ids);
    await untilFinished(syncId, 5);
    await workers[0].stop('SIGKILL');
    workers = [await spawnWorkerProcess('worker-b')];

    const run = await waitForRun(syncId, 150_000);
    expect(run).toMatchObject({ status: 'completed', successful_count: 25, failed_count: 0 });
    const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(sim, 'stats')).agencies.demo;
    expect(stats).toMatchObject({
      stopSalesCreated: 15,
      reservationsCreated: 10,
      duplicatesRejected: 0,
    });
  }, 200_000);
});
