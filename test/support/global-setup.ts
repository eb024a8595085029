/**
 * Starts the integration project's shared infrastructure once per Jest run: a Temporal dev
 * server (fresh SQLite file) and PostgreSQL (a fresh database, migrated), and hands their
 * addresses to the tests through process.env (read by the tests and by the code under test).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import { PostgresServer, startTemporal, TemporalServer } from '../../scripts/local-stack';
import { commonTestEnv, makeInfraDir, removeOnExit, startTestPostgres, timed } from './infra';

export interface SharedInfra {
  dir: string;
  temporal: TemporalServer;
  postgres: PostgresServer;
}

export const INFRA_KEY = '__sednaIntegrationInfra';

export default async function globalSetup(): Promise<void> {
  const dir = makeInfraDir('sedna-it-');
  const timings: string[] = [];
  const [temporal, postgres] = await Promise.allSettled([
    timed('Temporal', timings, () =>
      startTemporal({ dbFile: join(dir, 'temporal.db'), logFile: join(dir, 'temporal.log') }),
    ),
    timed('PostgreSQL', timings, () => startTestPostgres(dir)),
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
  removeOnExit(dir);
  (globalThis as Record<string, unknown>)[INFRA_KEY] = infra;
  await timed('migrations', timings, () => runMigrations(infra.postgres.url));

  Object.assign(process.env, {
    ...commonTestEnv(dir),
    DATABASE_URL: infra.postgres.url,
    TEMPORAL_ADDRESS: infra.temporal.address,
    TEMPORAL_UI_URL: infra.temporal.uiUrl,
    // Tests that restart Temporal on the same state need its file.
    TEST_TEMPORAL_DB_FILE: infra.temporal.dbFile,
  });
  console.log(`\n[integration infra] ${timings.join(', ')} (logs in ${dir})`);
}
