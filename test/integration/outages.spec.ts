/**
 * SPEC §9: PostgreSQL or Temporal down → 503 with `detail` (and Retry-After), never 500.
 * PostgreSQL: a PostgreSQL of this test's own (the harness's is shared by every test file),
 * migrated, stopped under a running API. Temporal: an API pointed at a port nobody listens on.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PostgresServer, startPostgres } from '../../scripts/local-stack';
import { loadConfig } from '../../src/config/app-config';
import { runMigrations } from '../../src/database/migrate';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { call, HttpResult } from '../support/http';
import { stopSaleEmails } from '../support/sync-fixtures';
import { makeToken } from '../support/tokens';
import { problem } from '../support/problem';

const uid = () => randomUUID().slice(0, 8);

/** An embedded PostgreSQL of its own, not the server DATABASE_URL names. */
async function ownPostgres(dir: string): Promise<PostgresServer> {
  const shared = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    return await startPostgres({
      dataDir: join(dir, 'pg'),
      logFile: join(dir, 'postgres.log'),
      fresh: true,
      ephemeral: true,
      fast: true,
    });
  } finally {
    process.env.DATABASE_URL = shared;
  }
}

function expectUnavailable(res: HttpResult, detail: string) {
  const code = /^Database/.test(detail) ? 'DATABASE_UNAVAILABLE' : 'TEMPORAL_UNAVAILABLE';
  expect({ status: res.status, body: res.body }).toEqual({
    status: 503,
    body: problem(503, code, detail),
  });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('PostgreSQL down', () => {
  let dir: string;
  let postgres: PostgresServer | undefined;
  let api: RunningApi;
  const token = makeToken(`pgdown-${uid()}`);
  const routes: [string, string, unknown?][] = [
    ['GET', `/api/sync/${randomUUID()}/result`],
    ['GET', '/api/sync/history'],
    ['POST', '/api/sync/emails', { email_ids: [1] }],
    ['GET', '/api/emails/pending'],
    ['GET', '/api/settings/sedna'],
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sedna-pgdown-'));
    chmodSync(dir, 0o755);
    postgres = await ownPostgres(dir);
    await runMigrations(postgres.url);
    api = await startApi({ databaseUrl: postgres.url });
  });

  afterAll(async () => {
    await api?.close();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers normally while it is up', async () => {
    const emails = stopSaleEmails(uid(), 1);
    const imported = await call(api.url, 'POST', '/api/emails', { token, body: { emails } });
    expect(imported.status).toBe(201);
    const pending = await call(api.url, 'GET', '/api/emails/pending', { token });
    expect(pending.status).toBe(200);
    expect(pending.body.total).toBe(1);
  });

  it('answers 503 "Database unavailable" once it has stopped, never 500', async () => {
    await postgres!.stop();
    postgres = undefined;
    for (const [method, path, body] of routes) {
      const res = await call(api.url, method, path, { token, body });
      expectUnavailable(res, 'Database unavailable, try again');
    }
    // A tenant the API has not seen yet fails registering it: the same 503.
    const stranger = makeToken(`pgdown-new-${uid()}`);
    const res = await call(api.url, 'GET', '/api/emails/pending', { token: stranger });
    expectUnavailable(res, 'Database unavailable, try again');
  });
});

describe('Temporal unreachable', () => {
  let api: RunningApi;
  const tenant = `tdown-${uid()}`;
  const token = makeToken(tenant);
  let syncId: string;

  beforeAll(async () => {
    const config = loadConfig();
    const address = `127.0.0.1:${await freePort()}`;
    api = await startApi({ temporal: { ...config.temporal, address } });
    const emails = stopSaleEmails(uid(), 1);
    expect((await call(api.url, 'POST', '/api/emails', { token, body: { emails } })).status).toBe(
      201,
    );
    // A run the database says is running, whose workflow only Temporal could speak for.
    syncId = randomUUID();
    await queryDb(
      `INSERT INTO sync_runs (tenant_id, sync_id, workflow_id, total_items) VALUES ($1, $2, $3, 1)`,
      [tenant, syncId, `bulk-sync-${syncId}`],
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 to sync start, progress and cancel, never 500', async () => {
    const [emailId] = (await call(api.url, 'GET', '/api/emails/pending', { token })).body.items.map(
      (email: { id: number }) => email.id,
    );
    const start = await call(api.url, 'POST', '/api/sync/emails', {
      token,
      body: { email_ids: [emailId] },
    });
    expect(start.status).toBe(503);
    expect(start.body.detail).toEqual(expect.any(String));
    // Nothing half stored: the refused start left no run.
    const [{ runs }] = await queryDb<{ runs: number }>(
      'SELECT count(*)::int AS runs FROM sync_runs WHERE tenant_id = $1',
      [tenant],
    );
    expect(runs).toBe(1);

    const progress = await call(api.url, 'GET', `/api/sync/${syncId}/progress`, { token });
    expectUnavailable(progress, 'Temporal unavailable, try again');
    const cancel = await call(api.url, 'POST', `/api/sync/${syncId}/cancel`, { token });
    expectUnavailable(cancel, 'Temporal unavailable, try again');
  });
});
