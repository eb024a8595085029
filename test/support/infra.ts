/** What the integration and cluster projects' globalSetups share. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresOptions, PostgresServer, startPostgres } from '../../scripts/local-stack';
import { TEST_JWT_SECRET } from './tokens';

/** Runs `work`, adding `label` and how long it took to `timings`. */
export async function timed<T>(
  label: string,
  timings: string[],
  work: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

/** A fresh folder under the system's temporary one for a run's servers, data and logs. */
export function makeInfraDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // The embedded server runs as the `postgres` user, which must reach its data folder.
  chmodSync(dir, 0o755);
  return dir;
}

/** A run that ends without globalTeardown (a crash, a kill) still leaves no folder behind. */
export function removeOnExit(dir: string): void {
  process.once('exit', () => {
    if (!process.env.KEEP_TEST_INFRA) rmSync(dir, { recursive: true, force: true });
  });
}

/** A throwaway PostgreSQL in `dir` (fsync off, deleted on stop) with a fresh database. */
export function startTestPostgres(
  dir: string,
  opts: PostgresOptions = {},
): Promise<PostgresServer> {
  return startPostgres({
    dataDir: join(dir, 'pg'),
    logFile: join(dir, 'postgres.log'),
    fresh: true,
    ephemeral: true,
    fast: true,
    ...opts,
  });
}

/** The environment both projects' tests and code under test read, besides the servers'. */
export function commonTestEnv(dir: string): Record<string, string> {
  return {
    TEMPORAL_NAMESPACE: 'default',
    JWT_SECRET: TEST_JWT_SECRET,
    // Tenants' Sedna URLs point at simulators on 127.0.0.1 (any port), their API path only
    // (never /__sim/); webhooks at receivers on 127.0.0.1 under /hooks. Other internal hosts
    // and paths stay refused.
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1/api',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/hooks',
    // Tests probe many routes without a token from one address; the per-address limit of such
    // requests has a test of its own (security.spec.ts) with its own small budget.
    API_UNAUTHENTICATED_RATE_LIMIT_BURST: '100000',
    TEST_INFRA_DIR: dir,
  };
}
