/**
 * Starts the integration project's shared infrastructure once per Jest run: a Temporal dev
 * server (fresh SQLite file) and PostgreSQL (a fresh database, migrated), and hands their
 * addresses to the tests through process.env (read by the tests and by the code under test).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import {
  PostgresServer,
  startPostgres,
  startTemporal,
  TemporalServer,
} from '../../scripts/local-stack';
import { TEST_JWT_SECRET } from './tokens';

export interface SharedInfra {
  dir: string;
  temporal: TemporalServer;
  postgres: PostgresServer;
}

export const INFRA_KEY = '__sednaIntegrationInfra';

async function timed<T>(label: string, timings: string[], work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sedna-it-'));
  // The embedded server runs as the `postgres` user, which must reach its data folder.
  chmodSync(dir, 0o755);
  const timings: string[] = [];
  const [temporal, postgres] = await Promise.allSettled([
    timed('Temporal', timings, () =>
      startTemporal({ dbFile: join(dir, 'temporal.db'), logFile: join(dir, 'temporal.log') }),
    ),
    timed('PostgreSQL', timings, () =>
      startPostgres({
        dataDir: join(dir, 'pg'),
        logFile: join(dir, 'postgres.log'),
        fresh: true,
        ephemeral: true,
        fast: true,
      }),
    ),
  ]);
  if (temporal.status === 'rejected' || postgres.status === 'rejected') {
    await Promise.allSettled(
      [temporal, postgres].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)),
    );
    rmSync(dir, { recursive: true, force: true });
    throw temporal.status === 'rejected'
      ? temporal.reason
      : (postgres as PromiseRejectedResult).reason;
  }
  const infra: SharedInfra = { dir, temporal: temporal.value, postgres: postgres.value };
  // A run that ends without globalTeardown (a crash, a kill) still leaves no folder behind.
  process.once('exit', () => {
    if (!process.env.KEEP_TEST_INFRA) rmSync(dir, { recursive: true, force: true });
  });
  (globalThis as Record<string, unknown>)[INFRA_KEY] = infra;
  await timed('migrations', timings, () => runMigrations(infra.postgres.url));

  Object.assign(process.env, {
    DATABASE_URL: infra.postgres.url,
    TEMPORAL_ADDRESS: infra.temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_UI_URL: infra.temporal.uiUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    // Tenants point at simulators on 127.0.0.1 (any port); other internal hosts stay refused.
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    // Tests that restart Temporal on the same state need its file.
    TEST_TEMPORAL_DB_FILE: infra.temporal.dbFile,
    TEST_INFRA_DIR: dir,
  });
  console.log(`\n[integration infra] ${timings.join(', ')} (logs in ${dir})`);
}
