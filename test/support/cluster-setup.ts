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
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import type { PostgresServer } from '../../scripts/local-stack';
import { RealTemporalServer, startRealTemporal } from '../../scripts/temporal-server';
import { CLUSTER_ENV_PREFIX } from './cluster-env';
import { commonTestEnv, makeInfraDir, removeOnExit, startTestPostgres, timed } from './infra';

export interface ClusterInfra {
  dir: string;
  temporal?: RealTemporalServer;
  postgres: PostgresServer;
}

export const CLUSTER_INFRA_KEY = '__sednaClusterInfra';

export default async function clusterSetup(): Promise<void> {
  const dir = makeInfraDir('sedna-cluster-');
  const timings: string[] = [];
  const postgres = await timed('PostgreSQL', timings, () =>
    // Always an embedded server of its own, never DATABASE_URL (which the integration
    // project's setup may have set): the Temporal server's databases have fixed names.
    startTestPostgres(dir, { serverUrl: '' }),
  );
  const infra: ClusterInfra = { dir, postgres };
  (globalThis as Record<string, unknown>)[CLUSTER_INFRA_KEY] = infra;
  removeOnExit(dir);
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
    ...commonTestEnv(dir),
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: infra.temporal.address,
    // The real server has no web UI; links to it are left out.
    TEMPORAL_UI_URL: '',
  };
  for (const [name, value] of Object.entries(env))
    process.env[`${CLUSTER_ENV_PREFIX}${name}`] = value;
  console.log(`\n[cluster infra] ${timings.join(', ')} (logs in ${dir})`);
}
