import { Client, Connection } from '@temporalio/client';
import type { ManagedProcess } from '../../scripts/managed-process';
import {
  SednaSimOptions,
  startSednaSimulator,
  SednaSimulator,
} from '../../sedna-sim/sedna-simulator';
import type { AppConfig } from '../../src/config/app-config';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import type { WorkerRuntime } from '../../src/worker/build-worker';
import { RunningApi, startApi } from './api';
import { startSimulatorProcess } from './sim-process';
import { spawnWorkerProcess, startTestWorker } from './worker';

/** Simulator, API and an in-process worker on the harness's Temporal and PostgreSQL. */
export interface SyncStack {
  sim: SednaSimulator;
  api: RunningApi;
  worker: WorkerRuntime;
  temporal: Client;
}

export interface SyncStackOptions {
  /** The simulator's settings; by default 100 requests a second. */
  sim?: SednaSimOptions;
  /** Changes to the API's configuration. */
  api?: Partial<AppConfig>;
}

export async function startSyncStack(opts: SyncStackOptions = {}): Promise<SyncStack> {
  const sim = await startSednaSimulator(opts.sim ?? { rateLimitPerSecond: 100 });
  const api = await startApi(opts.api);
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

/**
 * The spec file's sync stack: started before its tests, stopped after them. The object is filled
 * in `beforeAll`; read its parts inside tests and hooks.
 */
export function useSyncStack(opts: SyncStackOptions = {}): SyncStack {
  const stack = {} as SyncStack;
  beforeAll(async () => {
    Object.assign(stack, await startSyncStack(opts));
  });
  afterAll(() => stopSyncStack(stack));
  return stack;
}

/** Simulator, API and workers each in a process of their own: they can be killed or replaced. */
export interface ProcessStack {
  sim: SednaSimulator;
  /** The simulator's process, with `simProcess`. */
  simProcess?: ManagedProcess;
  api: RunningApi;
  /** Stopped after the tests, whatever the tests put here. */
  workers: ManagedProcess[];
}

export interface ProcessStackOptions {
  sim: SednaSimOptions;
  /** The simulator in a process of its own (startSimulatorProcess) rather than in this one. */
  simProcess?: boolean;
  api?: Partial<AppConfig>;
  /** The names of the worker processes to spawn, together. */
  workers: string[];
  /** Set in this file's environment after the API starts: the workers (and later ones) get it. */
  workerEnv?: Record<string, string>;
}

/**
 * The spec file's process stack: started before its tests, stopped after them. The object is
 * filled in `beforeAll`, each part as it starts (a failed start still stops what did start).
 */
export function useProcessStack(opts: ProcessStackOptions): ProcessStack {
  const stack = { workers: [] as ManagedProcess[] } as ProcessStack;
  beforeAll(async () => {
    if (opts.simProcess) {
      const sim = await startSimulatorProcess(opts.sim);
      stack.sim = sim;
      stack.simProcess = sim.process;
    } else stack.sim = await startSednaSimulator(opts.sim);
    stack.api = await startApi(opts.api);
    Object.assign(process.env, opts.workerEnv);
    stack.workers = await Promise.all(opts.workers.map((name) => spawnWorkerProcess(name)));
  });
  afterAll(async () => {
    await Promise.all(stack.workers.map((w) => w.stop()));
    await stack.api?.close();
    await stack.sim?.close();
  });
  return stack;
}
