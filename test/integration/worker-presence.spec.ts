/**
 * No worker, said plainly (issue 18 §6): with the worker killed mid-run, readiness, the run's
 * result, its progress stream and the API's metrics say that no worker polls, and since when;
 * the worker's own liveness endpoint and metric say whether it polls. On a Temporal server of
 * its own, so that no other spec's workers poll its queues.
 */
import { freePort, sleep, startTemporal, TemporalServer } from '../../scripts/local-stack';
import type { ManagedProcess } from '../../scripts/managed-process';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';
import { readProgress } from '../support/sse';
import {
  importStopSalesWithFaults,
  simPost,
  startSync,
  waitForRun,
} from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

describe('no worker polling, said plainly', () => {
  let temporal: TemporalServer;
  let sim: SednaSimulator;
  let api: RunningApi;
  let worker: ManagedProcess | undefined;

  beforeAll(async () => {
    temporal = await startTemporal({});
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    api = await startApi({ temporal: { address: temporal.address, namespace: 'default' } });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await sim?.close();
    await temporal?.stop();
  });

  const ready = async (): Promise<{ status: number; body: Json }> =>
    call(api.url, 'GET', '/health/ready');
  const metric = async (url: string, line: RegExp): Promise<number | undefined> => {
    const text = await (await fetch(url)).text();
    const match = text.split('\n').find((l) => line.test(l));
    return match === undefined ? undefined : Number(match.split(' ').at(-1));
  };
  const spawnWorker = async (name: string, metricsPort: number) =>
    spawnWorkerProcess(name, {
      TEMPORAL_ADDRESS: temporal.address,
      WORKER_METRICS_PORT: String(metricsPort),
    });

  it('says when no worker polls the task queues and since when; clears when one is back', async () => {
    expect((await call(api.url, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
    const metricsPort = await freePort();
    worker = await spawnWorker('worker-p1', metricsPort);
    const up = await waitFor('readiness to see the worker poll', 60_000, async () => {
      const res = await ready();
      return res.body.checks?.workers === 'up' ? res : undefined;
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      checks: { database: 'up', temporal: 'up', workers: 'up' },
      workers: { polling: true, no_worker_since: null },
    });
    expect(up.body.workers.queues).toEqual([
      expect.objectContaining({
        task_queue: 'sedna-sync',
        kind: 'workflow',
        no_worker_since: null,
      }),
      expect.objectContaining({
        task_queue: 'sedna-calls',
        kind: 'activity',
        no_worker_since: null,
      }),
    ]);
    expect(up.body.workers.queues.every((q: Json) => q.pollers >= 1)).toBe(true);
    // The worker's liveness and metric; the API's gauge of pollers per queue.
    const live = await fetch(`http://127.0.0.1:${metricsPort}/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({
      status: 'ok',
      workers: [
        { taskQueue: 'sedna-sync', state: 'RUNNING' },
        { taskQueue: 'sedna-calls', state: 'RUNNING' },
      ],
    });
    const workerMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    expect(await metric(workerMetrics, /^sedna_worker_up\{task_queue="sedna-calls"\}/)).toBe(1);
    const pollers = /^sedna_task_queue_pollers\{task_queue="sedna-sync",kind="workflow"\}/;
    expect(await metric(`${api.url}/metrics`, pollers)).toBeGreaterThanOrEqual(1);

    // A run whose stop sale sits in Phase 2 (Sedna refuses it for now), then the worker dies.
    const { tenant, ids } = await importStopSalesWithFaults(api.url, sim, 'nw', [
      { action: 'phase2', kind: 'http500' },
    ]);
    const syncId = await startSync(api.url, tenant, ids);
    const result = async (): Promise<Json> =>
      (await call(api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })).body;
    await waitFor('the stop sale to be in Phase 2', 60_000, async () =>
      (await result()).phase2_pending?.[0]?.error ? true : undefined,
    );
    const stream = readProgress(api.url, syncId, tenant.token);
    expect((await result()).workers).toMatchObject({ polling: true });
    const killedAt = Date.now();
    await worker.stop('SIGKILL');
    worker = undefined;

    // Temporal forgets each queue's pollers on its own clock (one queue can read as polled a
    // while after the other reads as idle): wait until both do.
    const down = await waitFor('readiness to say no worker polls', 240_000, async () => {
      const res = await ready();
      const queues: Json[] = res.body.workers?.queues ?? [];
      return queues.length === 2 && queues.every((q) => q.pollers === 0) ? res : undefined;
    });
    const detectedMs = Date.now() - killedAt;
    console.log(`no worker reported ${(detectedMs / 1000).toFixed(1)} s after SIGKILL`);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({
      status: 'degraded',
      checks: { database: 'up', temporal: 'up', workers: 'down' },
      workers: { polling: false, no_worker_since: expect.any(String) },
    });
    expect(down.body.detail).toMatch(/^No worker polls sedna-sync \(workflow tasks\) since \d{4}-/);
    const since = Date.parse(down.body.workers.no_worker_since);
    expect(since).toBeLessThanOrEqual(killedAt + 1000);
    expect(since).toBeGreaterThan(killedAt - 120_000);
    expect((await call(api.url, 'GET', '/health')).body).toMatchObject({ status: 'degraded' });
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);

    // The run says it, beside its stop sale in Sedna without rooms.
    const during = await result();
    expect(during).toMatchObject({
      status: 'running',
      in_sedna_without_rooms: 1,
      workers: { polling: false, no_worker_since: down.body.workers.no_worker_since },
    });
    const frame = await waitFor('a workers frame on the progress stream', 30_000, async () =>
      stream.frames.find((f) => f.type === 'workers' && f.data.polling === false),
    );
    expect(frame.data.no_worker_since).toEqual(expect.any(String));
    expect(await metric(`${api.url}/metrics`, pollers)).toBe(0);

    // A worker is back: it clears (readiness, stream); Sedna accepts Phase 2 again: it completes.
    worker = await spawnWorker('worker-p2', await freePort());
    const back = Date.now();
    await waitFor('readiness to see the new worker', 60_000, async () =>
      (await ready()).body.checks?.workers === 'up' ? true : undefined,
    );
    console.log(`worker reported back ${((Date.now() - back) / 1000).toFixed(1)} s after spawn`);
    expect((await ready()).body).toMatchObject({ status: 'ok', workers: { polling: true } });
    await waitFor(
      'the stream to say a worker polls again',
      30_000,
      async () =>
        stream.frames.some((f) => f.type === 'workers' && f.data.polling === true) || undefined,
    );
    await simPost(sim, 'faults', { rules: [] });
    expect(await waitForRun(syncId, 180_000)).toMatchObject({ status: 'completed' });
    const frames = await stream.done;
    const workerFrames = frames.filter((f) => f.type === 'workers').map((f) => f.data.polling);
    expect(workerFrames).toEqual([false, true]);
    expect((await result()).workers).toBeNull();
  }, 480_000);
});
