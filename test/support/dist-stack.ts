/**
 * The production build (`npm run build`) started the way the image starts it: `node
 * dist/src/main.js` and `node dist/src/worker.js`, NODE_ENV=production, the worker on the
 * prebuilt workflow bundle (dist/workflow-bundle.js), on the harness's Temporal and PostgreSQL.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitForHttp, waitForWorker } from '../../scripts/app-stack';
import { freePort } from '../../scripts/local-stack';
import { LineSink, ManagedProcess, REPO_ROOT, spawnManaged } from '../../scripts/managed-process';
import { SednaSimulator, startSednaSimulator } from '../../sedna-sim/sedna-simulator';
import { WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';

export const DIST = join(REPO_ROOT, 'dist');

/** The newest modification time under `path` (a file or a folder). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * What `npm run build` leaves and these specs start, built after its sources (tsconfig.build.json's
 * include) last changed; else the spec says what to run.
 */
export function assertBuilt(): void {
  const run = 'run `npm run build` first (scripts/test.sh does)';
  for (const file of ['src/main.js', 'src/worker.js', 'workflow-bundle.js']) {
    if (!existsSync(join(DIST, file))) throw new Error(`dist/${file} is missing: ${run}`);
  }
  const { include } = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
  };
  const built = statSync(join(DIST, 'workflow-bundle.js')).mtimeMs;
  const changed = include.find((path) => newest(join(REPO_ROOT, path)) > built);
  if (changed) throw new Error(`dist/ is older than ${changed}: ${run}`);
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

/** `node dist/<entry>.js` in its own process; `onLine` receives its output lines. */
export function startDist(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  onLine: LineSink = () => undefined,
): ManagedProcess {
  // Quiet by default: their last lines (tail()) go into the error when one exits early.
  return spawnManaged(name, process.execPath, [join(DIST, `${entry}.js`)], { env, onLine });
}

/** Runs `node dist/<entry>.js` to its end; rejects with its output unless it exits 0. */
export async function runDist(entry: string, env: NodeJS.ProcessEnv): Promise<void> {
  const proc = startDist(entry, entry, env);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`dist/${entry}.js exited with ${code}\n${proc.tail()}`);
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
    await Promise.all([
      waitForHttp(`${stack.apiUrl}/health`, stack.api, (status) => status === 200),
      waitForWorker(process.env.TEMPORAL_ADDRESS!, stack.worker, process.env.TEMPORAL_NAMESPACE),
    ]);
  });
  afterAll(async () => {
    await stack.worker?.stop();
    await stack.api?.stop();
    await stack.sim?.close();
  });
  return stack;
}
