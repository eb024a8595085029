import { Client, Connection } from '@temporalio/client';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import type { WorkerRuntime } from '../../src/worker/worker-runtime';
import { RunningApi, startApi } from './api';
import { startTestWorker } from './worker';

/** Simulator, API and an in-process worker on the harness's Temporal and PostgreSQL. */
export interface SyncStack {
  sim: SednaSimulator;
  api: RunningApi;
  worker: WorkerRuntime;
  temporal: Client;
}

export async function startSyncStack(): Promise<SyncStack> {
  const sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
  const api = await startApi();
  const worker = await startTestWorker();
  const { namespace, ...options } = temporalConnectionOptions();
  const connection = await Connection.connect(options);
  return { sim, api, worker, temporal: new Client({ connection, namespace }) };
}

export async function stopSyncStack(stack: Partial<SyncStack>): Promise<void> {
  await stack.worker?.shutdown();
  await stack.api?.close();
  await stack.sim?.close();
  await stack.temporal?.connection.close();
}
