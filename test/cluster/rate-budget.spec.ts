import type { ManagedProcess } from '../../scripts/managed-process';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { expectEachCreatedOnce } from '../support/effects';
import {
  createTenant,
  importEmails,
  simGet,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { startSimulatorProcess } from '../support/sim-process';
import { spawnWorkerProcess } from '../support/worker';

const LIMIT = 5;

describe('the Sedna rate budget on the real Temporal server (default partitions)', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let workers: ManagedProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulatorProcess({ rateLimitPerSecond: LIMIT });
    api = await startApi();
    workers = await Promise.all([spawnWorkerProcess('worker-1'), spawnWorkerProcess('worker-2')]);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
    await sim?.close();
  });

  it('sends 40 stop sales at 5/s from two workers: never over the limit, never a 429', async () => {
    const tenant = await createTenant(api.url, sim, { rate: LIMIT });
    const ids = await importEmails(api.url, tenant, stopSaleEmails('budget', 40));
    const run = await waitForRun(await startSync(api.url, tenant, ids), 180_000);
    expect(run).toMatchObject({ status: 'completed', successful_count: 40, failed_count: 0 });

    const stats = (await simGet(sim, 'stats')).agencies.demo;
    console.log(
      `rate budget: ${stats.requests} requests, max ${stats.maxInSlidingSecond} in a sliding second, ` +
        `${stats.rateLimited} rate-limited, ${run.duration_seconds}s`,
    );
    expect(stats.maxInSlidingSecond).toBeLessThanOrEqual(LIMIT);
    expect(stats.rateLimited).toBe(0);
    expect(stats.stopSalesCreated).toBe(40);
    expect(stats.duplicatesRejected).toBe(0);
    const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
    expect(orphanHeaders).toBe(0);
  });
});
