/**
 * Starts the `cluster` project's shared infrastructure once per Jest run: an embedded
 * PostgreSQL holding the application's database (fresh, migrated) and the real Temporal
 * server's, and the real server on it (4 history shards, default task-queue partitions; see
 * scripts/temporal-server.ts).
 *
 * Jest runs every project's globalSetup in one process before any test, so this one cannot
 * set DATABASE_URL, TEMPORAL_ADDRESS… itself without overwriting the integration project's: it
 * sets them with a `CLUSTER_` prefix, and cluster-env.ts (a setupFile of this project only)
 * maps them to their names in each test file's environment.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import { PostgresServer, startPostgres } from '../../scripts/local-stack';
import { RealTemporalServer, startRealTemporal } from '../../scripts/temporal-server';
import { CLUSTER_ENV_PREFIX } from './cluster-env';
import { TEST_JWT_SECRET } from './tokens';

export interface ClusterInfra {
  dir: string;
  temporal?: RealTemporalServer;
  postgres: PostgresServer;
}

export const CLUSTER_INFRA_KEY = '__sednaClusterInfra';

async function timed<T>(label: string, timings: string[], work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

export default async function clusterSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sedna-cluster-'));
  // The embedded server runs as the `postgres` user, which must reach its data folder.
  chmodSync(dir, 0o755);
  const timings: string[] = [];
  const postgres = await timed('PostgreSQL', timings, () =>
    startPostgres({
      dataDir: join(dir, 'pg'),
      logFile: join(dir, 'postgres.log'),
      fresh: true,
      ephemeral: true,
      fast: true,
      // Always an embedded server of its own, never DATABASE_URL (which the integration
      // project's setup may have set): the Temporal server's databases have fixed names.
      serverUrl: '',
    }),
  );
  const infra: ClusterInfra = { dir, postgres };
  (globalThis as Record<string, unknown>)[CLUSTER_INFRA_KEY] = infra;
  // A run that ends without globalTeardown (a crash, a kill) still leaves no folder behind.
  process.once('exit', () => {
    if (!process.env.KEEP_TEST_INFRA) rmSync(dir, { recursive: true, force: true });
  });
  try {
    infra.temporal = await timed('Temporal server', timings, () =>
      startRealTemporal({
        dir: join(dir, 'temporal'),
        postgresUrl: postgres.url,
        logFile: join(dir, 'temporal.log'),
      }),
    );
    await timed('migrations', timings, () => runMigrations(postgres.url));
  } catch (err) {
    await infra.temporal?.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
    delete (globalThis as Record<string, unknown>)[CLUSTER_INFRA_KEY];
    throw err;
  }

  const env: Record<string, string> = {
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: infra.temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    // The real server has no web UI; links to it are left out.
    TEMPORAL_UI_URL: '',
    JWT_SECRET: TEST_JWT_SECRET,
    // Tenants point at simulators on 127.0.0.1 (any port); other internal hosts stay refused.
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    TEST_INFRA_DIR: dir,
  };
  for (const [name, value] of Object.entries(env))
    process.env[`${CLUSTER_ENV_PREFIX}${name}`] = value;
  console.log(`\n[cluster infra] ${timings.join(', ')} (logs in ${dir})`);
}
