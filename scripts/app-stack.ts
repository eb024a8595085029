/**
 * startLocalStack: everything `npm run dev` runs (Temporal, PostgreSQL, migrations, Sedna
 * simulator, API, worker, demo tenant), so the demo and the benchmarks can start the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { runMigrations } from '../src/database/migrate';
import { ORCHESTRATION_TASK_QUEUE } from '../src/contract/task-queues';
import { WORKER_ALLOCATOR_ENV } from '../src/worker/allocator-env';
import {
  freePort,
  portOrFree,
  PostgresServer,
  startPostgres,
  startTemporal,
  TemporalServer,
  waitFor,
} from './local-stack';
import {
  LineSink,
  ManagedProcess,
  prefixedConsole,
  REPO_ROOT,
  spawnManaged,
  spawnTs,
} from './managed-process';
import { DEMO_TENANT_ID, makeDevToken, seedDemoTenant, SeedResult } from './seed-demo';
import { MAX_SERVER_PORT, startRealTemporal } from './temporal-server';

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-do-not-use-in-production';

type PortName = 'temporal' | 'temporalUi' | 'postgres' | 'api' | 'simulator';
const PREFERRED_PORTS: Record<PortName, number> = {
  temporal: 7233,
  temporalUi: 8233,
  postgres: 5432,
  api: 3000,
  simulator: 7070,
};

export interface LocalStackOptions {
  /** Persistent state (`temporal.db`, `pg/`); default `.data` in the repo. */
  dataDir?: string;
  /** Keep all state in a temporary folder removed on stop; ports are then random. */
  ephemeral?: boolean;
  /**
   * `dev` (default): the CLI's dev server (SQLite, one history shard). `real`: the Temporal
   * server on the stack's PostgreSQL with 4 history shards and the default task-queue
   * partitions (scripts/temporal-server.ts; no web UI, so `temporalUiUrl` is empty).
   */
  temporal?: 'dev' | 'real';
  /** Dev server only: state in memory only (benchmarks: no SQLite file on the hot path). */
  temporalInMemory?: boolean;
  /** Preferred ports, used when free (else a free one is picked). */
  ports?: Partial<Record<PortName, number>>;
  /** Default: JWT_SECRET from the environment, else a fixed dev secret. */
  jwtSecret?: string;
  tenantId?: string;
  /** Seed the demo tenant's Sedna settings and demo e-mails (default true). */
  seed?: boolean;
  /** The demo tenant's Sedna rate limit (default: the API's default, 5). */
  rateLimitPerSecond?: number;
  /** Worker processes to start (default 1). */
  workers?: number;
  /** `source` runs the TypeScript sources (see spawnTs); `dist` the `npm run build` output. */
  runtime?: 'source' | 'dist';
  /** Extra environment for the API and the workers. */
  env?: NodeJS.ProcessEnv;
  /** Extra environment for the simulator (latency, faults, rate…). */
  simulatorEnv?: NodeJS.ProcessEnv;
  /** Receives every output line of every service; default: printed as `[service] line`. */
  onLine?: (service: string, line: string) => void;
}

export interface LocalStack {
  apiUrl: string;
  docsUrl: string;
  temporalAddress: string;
  temporalUiUrl: string;
  simulatorUrl: string;
  databaseUrl: string;
  tenantId: string;
  /** Token for `tenantId`, valid 30 days. */
  token: string;
  jwtSecret: string;
  seed?: SeedResult;
  temporal: TemporalServer;
  postgres: PostgresServer;
  api: ManagedProcess;
  simulator: ManagedProcess;
  workers: ManagedProcess[];
  /** Starts one more worker process (scale-out, or a restart after a kill). */
  startWorker(): ManagedProcess;
  /** Stops everything this stack started; safe to call twice. */
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

/** Starts the whole application locally; on failure stops what it had started and throws. */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const stoppers: Stopper[] = [];
  try {
    return await startAll(opts, stoppers);
  } catch (err) {
    await runStoppers(stoppers);
    throw err;
  }
}

async function runStoppers(stoppers: Stopper[]) {
  // Reverse start order; each layer in parallel where it was started so.
  while (stoppers.length > 0) {
    const stop = stoppers.pop();
    await stop?.().catch((err: unknown) => console.error('stop failed:', err));
  }
}

function sinkFor(opts: LocalStackOptions, service: string): LineSink {
  const onLine = opts.onLine;
  return onLine ? (line) => onLine(service, line) : prefixedConsole(service);
}

async function pickPorts<N extends PortName>(
  opts: LocalStackOptions,
  names: readonly N[],
): Promise<Record<N, number>> {
  const ports = {} as Record<N, number>;
  for (const name of names) {
    const preferred = opts.ports?.[name] ?? (opts.ephemeral ? undefined : PREFERRED_PORTS[name]);
    ports[name] = preferred ? await portOrFree(preferred) : await freePort();
  }
  return ports;
}

async function startAll(opts: LocalStackOptions, stoppers: Stopper[]): Promise<LocalStack> {
  const dataDir = opts.ephemeral
    ? mkdtempSync(join(tmpdir(), 'sedna-stack-'))
    : (opts.dataDir ?? join(REPO_ROOT, '.data'));
  if (opts.ephemeral) stoppers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const infraPorts = await pickPorts(opts, ['temporal', 'temporalUi', 'postgres'] as const);
  const [temporal, postgres] = await startInfra(opts, dataDir, infraPorts, stoppers);
  // Picked once Temporal holds its ports: the dev server also listens on ports of its own
  // choosing (its services', its HTTP API's), and a free port picked before it started could be
  // one of them — the simulator then died on EADDRINUSE while Temporal answered in its place.
  const ports = { ...infraPorts, ...(await pickPorts(opts, ['api', 'simulator'] as const)) };
  await runMigrations(postgres.url);

  const jwtSecret = opts.jwtSecret ?? process.env.JWT_SECRET ?? DEV_JWT_SECRET;
  const urls = {
    apiUrl: `http://127.0.0.1:${ports.api}`,
    simulatorUrl: `http://127.0.0.1:${ports.simulator}`,
  };
  const simulator = startSimulator(opts, ports.simulator);
  stoppers.push(() => simulator.stop());
  const env = serviceEnv(opts, {
    temporal,
    postgres,
    jwtSecret,
    simulatorHost: `127.0.0.1:${ports.simulator}`,
  });
  const workers: ManagedProcess[] = [];
  const startWorker = () => {
    const worker = startService(
      opts,
      `worker${workers.length ? `-${workers.length + 1}` : ''}`,
      'worker',
      { ...env, ...WORKER_ALLOCATOR_ENV },
    );
    workers.push(worker);
    return worker;
  };
  stoppers.push(() => Promise.all(workers.map((w) => w.stop())).then(() => undefined));
  const api = startService(opts, 'api', 'main', { ...env, PORT: String(ports.api) });
  stoppers.push(() => api.stop());
  for (let i = 0; i < (opts.workers ?? 1); i++) startWorker();

  await Promise.all([
    // A path only the simulator answers with 200.
    waitForHttp(`${urls.simulatorUrl}/__sim/stats`, simulator, (status) => status === 200),
    waitForHttp(`${urls.apiUrl}/health`, api, (status) => status === 200),
    waitForWorker(temporal.address, workers[0]),
  ]);

  const tenantId = opts.tenantId ?? DEMO_TENANT_ID;
  const token = makeDevToken(jwtSecret, tenantId);
  const seed =
    opts.seed === false
      ? undefined
      : await seedDemoTenant({ ...urls, token, rateLimitPerSecond: opts.rateLimitPerSecond });

  let stopped: Promise<void> | undefined;
  return {
    ...urls,
    docsUrl: `${urls.apiUrl}/api/docs`,
    temporalAddress: temporal.address,
    temporalUiUrl: temporal.uiUrl,
    databaseUrl: postgres.url,
    tenantId,
    token,
    jwtSecret,
    seed,
    temporal,
    postgres,
    api,
    simulator,
    workers,
    startWorker,
    stop: () => (stopped ??= runStoppers(stoppers)),
  };
}

async function startInfra(
  opts: LocalStackOptions,
  dataDir: string,
  ports: Record<'temporal' | 'temporalUi' | 'postgres', number>,
  stoppers: Stopper[],
): Promise<[TemporalServer, PostgresServer]> {
  const postgresStart = startPostgres({
    dataDir: join(dataDir, 'pg'),
    port: ports.postgres,
    ephemeral: opts.ephemeral,
    fast: opts.ephemeral,
    // A shared server (DATABASE_URL) gets a database of its own for a throwaway stack.
    fresh: opts.ephemeral,
    onLine: sinkFor(opts, 'postgres'),
  });
  // The real server keeps its state in the same PostgreSQL, so it starts once that is up.
  const temporalStart =
    opts.temporal === 'real'
      ? postgresStart.then((postgres) =>
          startRealTemporal({
            dir: join(dataDir, 'temporal-server'),
            postgresUrl: postgres.url,
            // The server's ports must fit its membership table (see MAX_SERVER_PORT).
            port: ports.temporal <= MAX_SERVER_PORT ? ports.temporal : undefined,
            onLine: sinkFor(opts, 'temporal'),
          }),
        )
      : startTemporal({
          port: ports.temporal,
          uiPort: ports.temporalUi,
          dbFile: opts.temporalInMemory ? undefined : join(dataDir, 'temporal.db'),
          onLine: sinkFor(opts, 'temporal'),
        });
  const [temporal, postgres] = await Promise.allSettled([temporalStart, postgresStart]);
  const infra: Stopper[] = [];
  if (temporal.status === 'fulfilled') infra.push(() => temporal.value.stop());
  if (postgres.status === 'fulfilled') infra.push(() => postgres.value.stop());
  // The real server before its PostgreSQL; the dev server and PostgreSQL in parallel.
  stoppers.push(async () => {
    if (opts.temporal === 'real') {
      for (const stop of infra) await stop();
    } else await Promise.all(infra.map((stop) => stop()));
  });
  if (temporal.status === 'rejected') throw temporal.reason;
  if (postgres.status === 'rejected') throw postgres.reason;
  return [temporal.value, postgres.value];
}

function serviceEnv(
  opts: LocalStackOptions,
  infra: {
    temporal: TemporalServer;
    postgres: PostgresServer;
    jwtSecret: string;
    simulatorHost: string;
  },
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: infra.postgres.url,
    TEMPORAL_ADDRESS: infra.temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_UI_URL: infra.temporal.uiUrl,
    JWT_SECRET: infra.jwtSecret,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // Tenant URLs may not reach internal hosts (SPEC §9): the local simulator's API path (not
    // its /__sim/ control routes) is let through, for Sedna URLs only (not WEBHOOK_ALLOWED_HOSTS).
    OUTBOUND_ALLOWED_HOSTS: [process.env.OUTBOUND_ALLOWED_HOSTS, `${infra.simulatorHost}/api`]
      .filter(Boolean)
      .join(','),
    ...opts.env,
  };
}

function startService(
  opts: LocalStackOptions,
  name: string,
  entry: 'main' | 'worker',
  env: NodeJS.ProcessEnv,
): ManagedProcess {
  const onLine = sinkFor(opts, name);
  if (opts.runtime === 'dist') {
    const script = join(REPO_ROOT, 'dist', 'src', `${entry}.js`);
    return spawnManaged(name, process.execPath, [script], { env, onLine });
  }
  return spawnTs(name, join(REPO_ROOT, 'src', `${entry}.ts`), { env, onLine });
}

function startSimulator(opts: LocalStackOptions, port: number): ManagedProcess {
  const env = { ...process.env, SEDNA_SIM_PORT: String(port), ...opts.simulatorEnv };
  const onLine = sinkFor(opts, 'sim');
  if (opts.runtime === 'dist') {
    const script = join(REPO_ROOT, 'dist', 'sedna-sim', 'main.js');
    return spawnManaged('sim', process.execPath, [script], { env, onLine });
  }
  return spawnTs('sim', join(REPO_ROOT, 'sedna-sim', 'main.ts'), { env, onLine });
}

/** `proc` answers `url` with a status `ok` accepts (it fails at once if `proc` exits). */
export async function waitForHttp(
  url: string,
  proc: ManagedProcess,
  ok: (status: number) => boolean,
) {
  await waitFor(
    url,
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return ok(res.status) || undefined;
    },
    { process: proc, timeoutMs: 120_000, intervalMs: 300 },
  );
}

/**
 * The worker process is ready once Temporal lists one of its pollers (identity `<pid>@host`, the
 * SDK's default) on the orchestration task queue.
 */
export async function waitForWorker(
  address: string,
  worker: ManagedProcess,
  namespace = 'default',
) {
  const connection = await Connection.connect({ address });
  try {
    await waitFor(
      `${worker.name} to poll ${ORCHESTRATION_TASK_QUEUE}`,
      async () => {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: ORCHESTRATION_TASK_QUEUE },
          taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
        });
        const identity = `${worker.child.pid}@`;
        return pollers?.some((p) => p.identity?.startsWith(identity)) || undefined;
      },
      { process: worker, timeoutMs: 120_000, intervalMs: 500 },
    );
  } finally {
    await connection.close();
  }
}
