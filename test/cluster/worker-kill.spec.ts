import type { ManagedProcess } from '../../scripts/managed-process';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { expectCompletedOnce } from '../support/cluster-stack';
import { untilFinished } from '../support/effects';
import {
  createTenant,
  importEmails,
  reservationEmails,
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
    await expectCompletedOnce(sim, tenant, run, { stopSales: 15, reservations: 10 });
  }, 200_000);
});
