/**
 * The production build (`npm run build`) started the way the image starts it: `node
 * dist/src/main.js` and `node dist/src/worker.js`, NODE_ENV=production, the worker on the
 * prebuilt workflow bundle (dist/workflow-bundle.js), on the harness's Temporal and PostgreSQL.
 */
import { Connection } from '@temporalio/client';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '../../scripts/local-stack';
import { ManagedProcess, REPO_ROOT, spawnManaged } from '../../scripts/managed-process';
import { SednaSimulator, startSednaSimulator } from '../../sedna-sim/sedna-simulator';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { ORCHESTRATION_TASK_QUEUE } from '../../src/temporal/contract';
import { WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';

export const DIST = join(REPO_ROOT, 'dist');

/** What `npm run build` leaves and these specs start; missing, the spec says what to run. */
export function assertBuilt(): void {
  for (const file of ['src/main.js', 'src/worker.js', 'workflow-bundle.js']) {
    if (!existsSync(join(DIST, file)))
      throw new Error(
        `dist/${file} is missing: run \`npm run build\` first (scripts/test.sh does)`,
      );
  }
}

/**
 * This file's environment as production has it: NODE_ENV=production (so a settings key of its
 * own, never JWT_SECRET's fallback) and no WORKFLOW_BUNDLE_PATH (the harness's bundle), so the
 * worker finds dist/workflow-bundle.js as the image's does.
 */
export function productionEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SETTINGS_ENCRYPTION_KEY: 'dist-stack-settings-key-not-for-production',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.WORKFLOW_BUNDLE_PATH;
  return env;
}

/** `node dist/<entry>.js` in its own process. */
export function startDist(name: string, entry: string, env: NodeJS.ProcessEnv): ManagedProcess {
  // Quiet: their last lines (tail()) go into the error when one exits early.
  return spawnManaged(name, process.execPath, [join(DIST, `${entry}.js`)], {
    env,
    onLine: () => undefined,
  });
}

/** Runs `node dist/<entry>.js` to its end; rejects with its output unless it exits 0. */
export async function runDist(entry: string, env: NodeJS.ProcessEnv): Promise<void> {
  const proc = startDist(entry, entry, env);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`dist/${entry}.js exited with ${code}\n${proc.tail()}`);
}

/** The process answers `GET <url>/health` with 200. */
export function waitForHealth(url: string, proc: ManagedProcess): Promise<true> {
  return waitFor(
    `${proc.name} ${url}/health`,
    async () => {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status === 200 || undefined;
    },
    { process: proc, timeoutMs: 120_000, intervalMs: 300 },
  );
}

/** Temporal lists a poller of this worker process (identity `<pid>@host`) on the workflow queue. */
export async function waitForWorkerPolling(proc: ManagedProcess): Promise<void> {
  const { namespace, ...options } = temporalConnectionOptions();
  const connection = await Connection.connect(options);
  try {
    await waitFor(
      `${proc.name} to poll ${ORCHESTRATION_TASK_QUEUE}`,
      async () => {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: ORCHESTRATION_TASK_QUEUE },
          taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
        });
        return pollers?.some((p) => p.identity?.startsWith(`${proc.child.pid}@`)) || undefined;
      },
      { process: proc, timeoutMs: 120_000, intervalMs: 500 },
    );
  } finally {
    await connection.close();
  }
}

export interface DistStack {
  sim: SednaSimulator;
  apiUrl: string;
  api: ManagedProcess;
  worker: ManagedProcess;
}

/**
 * The spec file's stack: the simulator in this process, then the migrations, the API and a
 * worker from dist/, each in a process of its own, as the image runs them. Filled in
 * `beforeAll`, each part as it starts; stopped after the tests.
 */
export function useDistStack(): DistStack {
  const stack = {} as DistStack;
  beforeAll(async () => {
    assertBuilt();
    stack.sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    const env = productionEnv();
    // Already migrated by the harness: the compiled migrations find nothing left to do.
    await runDist('src/database/migrate', env);
    const port = await freePort();
    stack.apiUrl = `http://127.0.0.1:${port}`;
    stack.api = startDist('api', 'src/main', { ...env, PORT: String(port) });
    stack.worker = startDist('worker', 'src/worker', { ...env, ...WORKER_ALLOCATOR_ENV });
    await Promise.all([waitForHealth(stack.apiUrl, stack.api), waitForWorkerPolling(stack.worker)]);
  });
  afterAll(async () => {
    await stack.worker?.stop();
    await stack.api?.stop();
    await stack.sim?.close();
  });
  return stack;
}
