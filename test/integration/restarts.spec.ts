import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, startTemporal, TemporalServer } from '../../scripts/local-stack';
import type { ManagedProcess } from '../../scripts/managed-process';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { finishedItems, untilFinished } from '../support/effects';
import { readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  simGet,
  simPost,
  startMixedRun,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';

describe('restarts of Temporal and of the API mid-run', () => {
  let sim: SednaSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'sedna-restart-'));

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100, latencyMs: 100 });
  });

  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every item exactly once when the Temporal server restarts mid-run', async () => {
    const port = await freePort();
    const dbFile = join(dir, 'temporal.db');
    let temporal: TemporalServer = await startTemporal({
      port,
      dbFile,
      logFile: join(dir, 'temporal.log'),
    });
    const api = await startApi({ temporal: { address: temporal.address, namespace: 'default' } });
    let worker: ManagedProcess | undefined;
    try {
      worker = await spawnWorkerProcess('worker-t', { TEMPORAL_ADDRESS: temporal.address });
      const { tenant, syncId } = await startMixedRun(api.url, sim, 'tr', {
        stopSales: 12,
        reservations: 12,
      });
      await untilFinished(syncId, 4);
      await temporal.stop();
      await sleep(2000);
      temporal = await startTemporal({ port, dbFile, logFile: join(dir, 'temporal.log') });
      const run = await waitForRun(syncId, 150_000);
      expect(run).toMatchObject({ status: 'completed', successful_count: 24 });
      const stats = (await simGet(sim, 'stats')).agencies.demo;
      const stopSales = await queryDb('SELECT sedna_rec_id FROM stop_sales WHERE tenant_id = $1', [
        tenant.id,
      ]);
      const headers = (await simGet(sim, 'stop-sales')) as { RecId: number }[];
      for (const row of stopSales)
        expect(headers.filter((h) => h.RecId === row.sedna_rec_id)).toHaveLength(1);
      expect(stats.stopSalesCreated).toBe(12);
      expect(stats.reservationsCreated).toBe(12);
      expect(stats.duplicatesRejected).toBe(0);
    } finally {
      await worker?.stop();
      await api.close();
      await temporal.stop();
    }
  }, 200_000);

  it('keeps SSE clients whole across an API restart: they resume with Last-Event-ID', async () => {
    await simPost(sim, 'reset');
    const port = await freePort();
    let api: RunningApi = await startApi({ port });
    const worker = await spawnWorkerProcess('worker-a');
    try {
      const tenant = await createTenant(api.url, sim, { rate: 10 });
      const ids = await importEmails(api.url, tenant, stopSaleEmails('ar', 20));
      const syncId = await startSync(api.url, tenant, ids);
      const clients = Array.from({ length: 5 }, () => readProgress(api.url, syncId, tenant.token));
      await untilFinished(syncId, 4);
      await api.close();
      await sleep(500);
      api = await startApi({ port });
      const streams = await Promise.all(clients.map((client) => client.done));
      for (const frames of streams) {
        const progress = frames.filter((f) => f.type === 'progress').map((f) => f.data.current);
        expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(frames.at(-1)?.type).toBe('complete');
      }
      expect(await finishedItems(syncId)).toBe(20);
    } finally {
      await worker.stop();
      await api.close();
    }
  });
});
