import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { spawnTs, LineSink, ManagedProcess } from '../../scripts/managed-process';
import { loadConfig } from '../../src/config/app-config';
import { WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';
import { startWorkerRuntime, WorkerRuntime } from '../../src/worker/build-worker';

const ROOT = join(__dirname, '../..');

/** Bundles the workflows once per source version; every worker of the test run reuses it. */
export async function ensureWorkflowBundle(): Promise<string> {
  const hash = createHash('sha256');
  // What the bundle is built from: the workflows and the contract (eslint.config.mjs).
  for (const dir of ['workflows', 'src/contract']) {
    for (const file of readdirSync(join(ROOT, dir)).sort())
      hash.update(readFileSync(join(ROOT, dir, file)));
  }
  const path = join(tmpdir(), `sedna-sync-workflows-${hash.digest('hex').slice(0, 16)}.js`);
  if (!existsSync(path)) await bundleWorkflows(path);
  process.env.WORKFLOW_BUNDLE_PATH = path;
  return path;
}

/**
 * A worker inside the test process, on the harness's Temporal and PostgreSQL; `workflowsPath`
 * runs other workflow code (bundled at start) instead of the real workflows.
 */
export async function startTestWorker(workflowsPath?: string): Promise<WorkerRuntime> {
  if (workflowsPath) return startWorkerRuntime(loadConfig(), { workflowsPath });
  await ensureWorkflowBundle();
  return startWorkerRuntime(loadConfig());
}

/**
 * A worker in its own process (`src/worker.ts` through SWC, see spawnTs), for multi-process and
 * kill tests; `onLine` receives its output lines (default: printed).
 */
export async function spawnWorkerProcess(
  name = 'worker',
  env: NodeJS.ProcessEnv = {},
  onLine?: LineSink,
): Promise<ManagedProcess> {
  const bundle = await ensureWorkflowBundle();
  return spawnTs(name, join(ROOT, 'src/worker.ts'), {
    env: {
      ...process.env,
      ...WORKER_ALLOCATOR_ENV,
      WORKFLOW_BUNDLE_PATH: bundle,
      LOG_LEVEL: 'warn',
      ...env,
    },
    onLine,
  });
}
