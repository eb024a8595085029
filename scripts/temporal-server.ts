/**
 * The real Temporal server (go.temporal.io/server, built by scripts/install-temporal-server.sh)
 * on PostgreSQL, shaped like production: 4 history shards and the default task-queue partitions
 * (4), unlike the CLI's dev server (SQLite, one shard). The `cluster` tests and the benchmarks
 * run on it; `npm run dev` keeps the dev server (local-stack.ts `startTemporal`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection, ConnectionOptions } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { dump, load } from 'js-yaml';
import { Client } from 'pg';
import { SEARCH_ATTRIBUTES } from '../src/contract/search-attributes';
import {
  DYNAMIC_CONFIG_FILE,
  portOrFree,
  PostgresServer,
  startPostgres,
  TemporalServer,
  waitFor,
  withPortRetry,
} from './local-stack';
import {
  LineSink,
  ManagedProcess,
  prefixedConsole,
  REPO_ROOT,
  spawnManaged,
} from './managed-process';

const TOOLS = join(REPO_ROOT, '.tools', 'temporal-server');
export const TEMPORAL_SERVER_BIN = join(TOOLS, 'bin', 'server');
const SQL_TOOL_BIN = join(TOOLS, 'bin', 'sql');
const CONFIG_TEMPLATE = join(TOOLS, 'config', 'development-postgres12.yaml');
const SCHEMA_DIR = join(TOOLS, 'schema', 'postgresql', 'v12');
const HISTORY_SHARDS = 4;
const NAMESPACE = 'default';
/** Workflow histories are kept this long after a run closes. */
const RETENTION_MS = 3 * 24 * 3600 * 1000;
const START_TIMEOUT_MS = 120_000;

/** TLS on the frontend only (internode traffic stays plain); PEM file paths. */
export interface FrontendTls {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** mTLS: clients must present a certificate signed by `caFile`. */
  requireClientAuth: boolean;
  /** The certificate the server's own clients (its system worker, the readiness check) present. */
  clientCertFile: string;
  clientKeyFile: string;
  /** Name in the server certificate the clients check (default `localhost`). */
  serverName?: string;
}

export interface RealTemporalOptions {
  /** Config, logs and (when embedded) PostgreSQL data go here. */
  dir: string;
  /** A PostgreSQL server (URL with credentials; its database part is ignored). Default: an
   * embedded, throwaway one in `dir/pg`, stopped by stop(). */
  postgresUrl?: string;
  /** Prefix of the two databases' names (`temporal`, `temporal_visibility`), so that several
   * servers can share one PostgreSQL. Default none. */
  databasePrefix?: string;
  /** Frontend gRPC port; default a free one. */
  port?: number;
  tls?: FrontendTls;
  /** Output goes here (appended); with no `onLine` it goes nowhere else. */
  logFile?: string;
  onLine?: LineSink;
}

export interface RealTemporalServer extends TemporalServer {
  /** The server's PostgreSQL (`temporal` and `temporal_visibility` databases on it). */
  postgresUrl: string;
  configFile: string;
  /** Connection options for this server's frontend (with its TLS when enabled). */
  connectionOptions: ConnectionOptions;
  /** Stops the server (not PostgreSQL), waits `downMs`, starts it again on the same state. */
  restart(downMs?: number): Promise<void>;
}

/** Builds the binaries when missing (cached in .tools/; several minutes the first time). */
export async function ensureTemporalServer(): Promise<void> {
  if (existsSync(TEMPORAL_SERVER_BIN) && existsSync(SQL_TOOL_BIN) && existsSync(CONFIG_TEMPLATE))
    return;
  await promisify(execFile)('bash', [join(REPO_ROOT, 'scripts', 'install-temporal-server.sh')], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Starts PostgreSQL (unless given), prepares its schema, and starts the server on it. */
export async function startRealTemporal(opts: RealTemporalOptions): Promise<RealTemporalServer> {
  await ensureTemporalServer();
  mkdirSync(opts.dir, { recursive: true });
  let ownPostgres: PostgresServer | undefined;
  let pgUrl = opts.postgresUrl;
  if (!pgUrl) {
    ownPostgres = await startPostgres({
      dataDir: join(opts.dir, 'pg'),
      database: 'temporal',
      serverUrl: '', // never the DATABASE_URL of the caller: this server is Temporal's own
      ephemeral: true,
      fast: true,
      logFile: join(opts.dir, 'postgres.log'),
    });
    pgUrl = ownPostgres.url;
  }
  try {
    await prepareDatabases(pgUrl, opts.dir, opts.databasePrefix);
    return await withPortRetry(opts.port !== undefined, () => launch(opts, pgUrl, ownPostgres));
  } catch (err) {
    await ownPostgres?.stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Schema

function databases(prefix = '') {
  return {
    main: { name: `${prefix}temporal`, schema: join(SCHEMA_DIR, 'temporal', 'versioned') },
    visibility: {
      name: `${prefix}temporal_visibility`,
      schema: join(SCHEMA_DIR, 'visibility', 'versioned'),
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the two databases when missing; sets up or updates their schema (idempotent). */
async function prepareDatabases(pgUrl: string, dir: string, prefix?: string) {
  if (prefix !== undefined && !/^[a-z_][a-z0-9_]*$/.test(prefix)) {
    throw new Error(`databasePrefix must be lower-case letters, digits and _, got "${prefix}"`);
  }
  const log = join(dir, 'schema.log');
  for (const db of Object.values(databases(prefix))) {
    const fresh = await onDatabase(withDatabase(pgUrl, 'postgres'), async (client) => {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${db.name}`);
      return found.rowCount === 0;
    });
    const hasSchema =
      !fresh &&
      (await onDatabase(withDatabase(pgUrl, db.name), async (client) => {
        const { rows } = await client.query("SELECT to_regclass('schema_version') AS t");
        return rows[0].t !== null;
      }));
    if (!hasSchema) await sqlTool(pgUrl, db.name, ['setup-schema', '-v', '0.0'], log);
    await sqlTool(pgUrl, db.name, ['update-schema', '-d', db.schema], log);
  }
}

async function sqlTool(pgUrl: string, database: string, command: string[], log: string) {
  const url = new URL(pgUrl);
  const args = ['--plugin', 'postgres12', '--ep', url.hostname, '-p', url.port || '5432'];
  args.push('-u', decodeURIComponent(url.username), '--db', database, ...command);
  try {
    // The password goes in the environment, not on a command line others can read.
    const { stdout, stderr } = await promisify(execFile)(SQL_TOOL_BIN, args, {
      env: { ...process.env, SQL_PASSWORD: decodeURIComponent(url.password) },
      maxBuffer: 16 * 1024 * 1024,
    });
    writeFileSync(log, stdout + stderr, { flag: 'a' });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    writeFileSync(log, stdout + stderr, { flag: 'a' });
    throw new Error(
      `temporal-sql-tool ${command[0]} on ${database} failed:\n${stderr.slice(-2000)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Config

type Yaml = Record<string, unknown>;

interface Ports {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/**
 * The server stores its services' ports in a PostgreSQL `smallint` (cluster_membership): they
 * must stay below 32768, where the OS hands out none of its ephemeral ports.
 */
export const MAX_SERVER_PORT = 32_767;

/** Free ports in 20000–31999 (see MAX_SERVER_PORT). */
async function pickPorts(frontend?: number): Promise<Ports> {
  if (frontend !== undefined && frontend > MAX_SERVER_PORT) {
    throw new Error(`port must be at most ${MAX_SERVER_PORT}, got ${frontend}`);
  }
  const taken = new Set<number>();
  const lowFreePort = async () => {
    for (;;) {
      const candidate = 20_000 + Math.floor(Math.random() * 12_000);
      if (!taken.has(candidate) && (await portOrFree(candidate)) === candidate) {
        taken.add(candidate);
        return candidate;
      }
    }
  };
  const ports: Partial<Ports> = { frontend: frontend ?? (await lowFreePort()) };
  taken.add(ports.frontend!);
  for (const name of [
    'frontendHttp',
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
  ] as const) {
    ports[name] = await lowFreePort();
  }
  return ports as Ports;
}

/**
 * The module's development-postgres12 config with our PostgreSQL, free ports, 4 shards, no
 * metrics or pprof listeners, the committed dynamic config and, when asked, frontend TLS.
 */
function serverConfig(opts: RealTemporalOptions, pgUrl: string, ports: Ports): Yaml {
  const config = load(readFileSync(CONFIG_TEMPLATE, 'utf8')) as Yaml;
  const url = new URL(pgUrl);
  const persistence = config.persistence as Yaml;
  persistence.numHistoryShards = HISTORY_SHARDS;
  const stores = persistence.datastores as Record<string, Yaml>;
  const names = databases(opts.databasePrefix);
  for (const [store, database] of [
    [stores[persistence.defaultStore as string], names.main.name],
    [stores[persistence.visibilityStore as string], names.visibility.name],
  ] as const) {
    Object.assign(store.sql as Yaml, {
      databaseName: database,
      connectAddr: `${url.hostname}:${url.port || '5432'}`,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  }
  (config.log as Yaml).level = 'warn';
  const global = config.global as Yaml;
  delete global.pprof;
  delete global.metrics;
  const service = (grpcPort: number, membershipPort: number, extra: Yaml = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  config.services = {
    frontend: service(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
    history: service(ports.history, ports.historyMembership),
    matching: service(ports.matching, ports.matchingMembership),
    worker: service(ports.worker, ports.workerMembership),
  };
  const cluster = config.clusterMetadata as { clusterInformation: Record<string, Yaml> };
  for (const info of Object.values(cluster.clusterInformation))
    info.rpcAddress = `127.0.0.1:${ports.frontend}`;
  config.dynamicConfigClient = { filepath: DYNAMIC_CONFIG_FILE, pollInterval: '10s' };
  const tls = opts.tls;
  if (tls) {
    const client = { serverName: tls.serverName ?? 'localhost', rootCaFiles: [tls.caFile] };
    global.tls = {
      frontend: {
        server: {
          certFile: tls.serverCertFile,
          keyFile: tls.serverKeyFile,
          requireClientAuth: tls.requireClientAuth,
          clientCaFiles: [tls.caFile],
        },
        client,
      },
      // The server's own worker service (schedules, system workflows) calls the frontend too.
      systemWorker: { certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, client },
    };
  }
  return config;
}

function connectionOptions(address: string, tls?: FrontendTls): ConnectionOptions {
  if (!tls) return { address };
  return {
    address,
    tls: {
      serverNameOverride: tls.serverName ?? 'localhost',
      serverRootCACertificate: readFileSync(tls.caFile),
      clientCertPair: {
        crt: readFileSync(tls.clientCertFile),
        key: readFileSync(tls.clientKeyFile),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Process

async function launch(
  opts: RealTemporalOptions,
  pgUrl: string,
  ownPostgres: PostgresServer | undefined,
): Promise<RealTemporalServer> {
  const ports = await pickPorts(opts.port);
  const configFile = join(opts.dir, 'temporal-server.yaml');
  writeFileSync(configFile, dump(serverConfig(opts, pgUrl, ports), { lineWidth: -1 }));
  const address = `127.0.0.1:${ports.frontend}`;
  const connection = connectionOptions(address, opts.tls);
  const sink = opts.onLine ?? (opts.logFile ? () => undefined : prefixedConsole('temporal'));
  // While it shuts down the server logs every connection it loses: noise, once stop() began.
  let stopping = false;
  const onLine = (line: string) => {
    if (!stopping) sink(line);
  };
  const spawn = async () => {
    stopping = false;
    const args = ['--config-file', configFile, '--allow-no-auth', 'start'];
    const child = spawnManaged('temporal', TEMPORAL_SERVER_BIN, args, {
      logFile: opts.logFile,
      onLine,
    });
    try {
      await waitUntilReady(connection, child);
    } catch (err) {
      stopping = true;
      await child.stop('SIGKILL');
      throw err;
    }
    return child;
  };
  let proc: ManagedProcess = await spawn();
  const stopServer = (signal: NodeJS.Signals = 'SIGTERM') => {
    stopping = true;
    return proc.stop(signal, 10_000);
  };
  return {
    address,
    uiUrl: '',
    port: ports.frontend,
    uiPort: 0,
    postgresUrl: pgUrl,
    configFile,
    connectionOptions: connection,
    get process() {
      return proc;
    },
    stop: async (signal) => {
      await stopServer(signal);
      await ownPostgres?.stop();
    },
    restart: async (downMs = 0) => {
      await stopServer();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      proc = await spawn();
    },
  };
}

/** gRPC status codes the readiness loop acts on. */
const ALREADY_EXISTS = 6;

/**
 * Serving, with the `default` namespace (registered on first start) and our search attributes
 * (added on first start) visible: a fresh namespace reaches the frontend's cache within ~10 s.
 */
async function waitUntilReady(options: ConnectionOptions, proc: ManagedProcess) {
  let connection: Connection | undefined;
  try {
    connection = await waitFor(
      `Temporal at ${options.address}`,
      async () => {
        const c = await Connection.connect({ ...options, connectTimeout: 2_000 });
        try {
          await c.workflowService.getSystemInfo({});
          return c;
        } catch (err) {
          await c.close();
          throw err;
        }
      },
      { process: proc, timeoutMs: START_TIMEOUT_MS, intervalMs: 500 },
    );
    const service = connection;
    await waitFor(
      `the ${NAMESPACE} namespace`,
      async () => {
        try {
          await service.workflowService.describeNamespace({ namespace: NAMESPACE });
          return true;
        } catch {
          await service.workflowService
            .registerNamespace({
              namespace: NAMESPACE,
              workflowExecutionRetentionPeriod: msToTs(RETENTION_MS),
            })
            .catch((err: { code?: number }) => {
              if (err.code !== ALREADY_EXISTS) throw err;
            });
          return undefined;
        }
      },
      { process: proc, timeoutMs: START_TIMEOUT_MS, intervalMs: 500 },
    );
    await waitFor(
      'the search attributes',
      async () => {
        const { customAttributes } = await service.operatorService.listSearchAttributes({
          namespace: NAMESPACE,
        });
        const known = Object.keys(customAttributes ?? {});
        const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !known.includes(name));
        if (missing.length === 0) return true;
        await service.operatorService.addSearchAttributes({
          namespace: NAMESPACE,
          searchAttributes: Object.fromEntries(
            missing.map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]]),
          ),
        });
        return undefined;
      },
      { process: proc, timeoutMs: START_TIMEOUT_MS, intervalMs: 500 },
    );
    // Workflow calls go through the namespace cache, which may not have the new namespace yet.
    await waitFor(
      'the namespace to be usable',
      async () => {
        await service.workflowService.countWorkflowExecutions({ namespace: NAMESPACE, query: '' });
        return true;
      },
      { process: proc, timeoutMs: START_TIMEOUT_MS, intervalMs: 500 },
    );
  } finally {
    await connection?.close();
  }
}

/** temporal.api.enums.v1.IndexedValueType */
const INDEXED_VALUE_TYPE: Record<
  (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES],
  number
> = {
  Keyword: 2,
  Int: 3,
};
