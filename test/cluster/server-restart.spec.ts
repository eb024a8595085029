import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedProcess } from '../../scripts/managed-process';
import { RealTemporalServer, startRealTemporal } from '../../scripts/temporal-server';
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

describe('a restart of the real Temporal server mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sedna-cluster-restart-'));
  let sim: SednaSimulator;
  let temporal: RealTemporalServer;
  let api: RunningApi;
  let worker: ManagedProcess | undefined;

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100, latencyMs: 100 });
    // A server of its own (it is stopped mid-test) on the harness's PostgreSQL.
    temporal = await startRealTemporal({
      dir,
      postgresUrl: process.env.DATABASE_URL,
      databasePrefix: 'restart_',
      logFile: join(dir, 'temporal.log'),
    });
    // This test file's environment only (Jest gives each file a copy): API and worker use it.
    process.env.TEMPORAL_ADDRESS = temporal.address;
    api = await startApi();
    worker = await spawnWorkerProcess('worker-r');
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await temporal?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes the run with every item created once', async () => {
    const tenant = await createTenant(api.url, sim, { rate: 20 });
    const ids = await importEmails(api.url, tenant, [
      ...stopSaleEmails('rs', 12),
      ...reservationEmails('rs', 12),
    ]);
    const syncId = await startSync(api.url, tenant, ids);
    await untilFinished(syncId, 4);
    // Down for 2 s, then up again on the same databases and ports.
    await temporal.restart(2_000);

    const run = await waitForRun(syncId, 180_000);
    expect(run).toMatchObject({ status: 'completed', successful_count: 24, failed_count: 0 });
    const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
    expect(orphanHeaders).toBe(0);
    const stats = (await simGet(sim, 'stats')).agencies.demo;
    expect(stats).toMatchObject({
      stopSalesCreated: 12,
      reservationsCreated: 12,
      duplicatesRejected: 0,
    });
  }, 200_000);
});
