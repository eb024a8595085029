import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ManagedProcess } from '../../scripts/managed-process';
import { FrontendTls, RealTemporalServer, startRealTemporal } from '../../scripts/temporal-server';
import {
  SednaSimOptions,
  SednaSimulator,
  startSednaSimulator,
} from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from './api';
import { expectEachCreatedOnce } from './effects';
import { simGet, Tenant } from './sync-fixtures';
import { spawnWorkerProcess } from './worker';

// Tests read database rows freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A cluster spec's own Temporal server with the simulator, the API and a worker process on it. */
export interface OwnServerStack {
  dir: string;
  sim?: SednaSimulator;
  temporal?: RealTemporalServer;
  api?: RunningApi;
  worker?: ManagedProcess;
}

/**
 * Starts the simulator, then a Temporal server of the spec's own (it may stop or restart it) on
 * the harness's PostgreSQL, its databases prefixed `databasePrefix` and its log in `dir`; points
 * this test file's environment at it (Jest gives each file a copy), with `env` added, so the API
 * and the worker process started next use it. Fills `stack` as each part starts, so that
 * `stopOwnServerStack` closes what did start when a later part fails.
 */
export async function startOwnServerStack(
  stack: OwnServerStack,
  opts: {
    sim: SednaSimOptions;
    databasePrefix: string;
    workerName: string;
    tls?: FrontendTls;
    env?: Record<string, string>;
  },
): Promise<Required<OwnServerStack>> {
  stack.sim = await startSednaSimulator(opts.sim);
  stack.temporal = await startRealTemporal({
    dir: stack.dir,
    postgresUrl: process.env.DATABASE_URL,
    databasePrefix: opts.databasePrefix,
    tls: opts.tls,
    logFile: join(stack.dir, 'temporal.log'),
  });
  Object.assign(process.env, { TEMPORAL_ADDRESS: stack.temporal.address, ...opts.env });
  stack.api = await startApi();
  stack.worker = await spawnWorkerProcess(opts.workerName);
  return stack as Required<OwnServerStack>;
}

/** Stops the worker, the API, the server and the simulator, then removes `dir`. */
export async function stopOwnServerStack(stack: OwnServerStack): Promise<void> {
  await stack.worker?.stop();
  await stack.api?.close();
  await stack.temporal?.stop();
  await stack.sim?.close();
  rmSync(stack.dir, { recursive: true, force: true });
}

/**
 * The run completed with every one of its stop sales and reservations successful, each created
 * exactly once in the simulator (its `demo` agency), no stray stop-sale header, no duplicate.
 */
export async function expectCompletedOnce(
  sim: SednaSimulator,
  tenant: Tenant,
  run: Json,
  created: { stopSales: number; reservations: number },
): Promise<void> {
  expect(run).toMatchObject({
    status: 'completed',
    successful_count: created.stopSales + created.reservations,
    failed_count: 0,
  });
  const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
  expect(orphanHeaders).toBe(0);
  const stats = (await simGet(sim, 'stats')).agencies.demo;
  expect(stats).toMatchObject({
    stopSalesCreated: created.stopSales,
    reservationsCreated: created.reservations,
    duplicatesRejected: 0,
  });
}
