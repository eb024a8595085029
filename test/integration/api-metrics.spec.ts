/**
 * Issue 20 (4): the API's /metrics. The database counts are read at most once per
 * METRICS_DB_REFRESH_INTERVAL (the repository calls counted on the real stack) and come from
 * the real tables; with PostgreSQL down, /metrics still answers 200 with the last values and
 * their age. Requests are timed by route template (no ids in the labels), and the process and
 * Node metrics are there. On a PostgreSQL of this file's own, so the counts are its rows only.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresServer, sleep, startPostgres } from '../../scripts/local-stack';
import { runMigrations } from '../../src/database/migrate';
import { DataSource } from 'typeorm';
import { EmailsRepository } from '../../src/emails/emails.repository';
import { SCRAPE_WAIT_MS } from '../../src/metrics/cached-counts';
import { SyncModule } from '../../src/sync/sync.module';
import { SyncRepository } from '../../src/sync/sync.repository';
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';
import { makeToken } from '../support/tokens';

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

/** The sample lines of `name` (exactly that name), as `{labels} value`. */
function samples(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => l.slice(name.length));
}

describe('the API /metrics', () => {
  let dir: string;
  let postgres: PostgresServer | undefined;
  let api: RunningApi;
  /** The same, reading the counts at most once an hour. */
  let hourly: RunningApi;
  const REFRESH_SECONDS = 2;
  const scrape = async (from: RunningApi = api) => {
    const res = await call(from.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };
  const sql = async (text: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: postgres!.url });
    await client.connect();
    try {
      await client.query(text, params);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sedna-metrics-'));
    chmodSync(dir, 0o755);
    postgres = await ownPostgres(dir);
    await runMigrations(postgres.url);
    api = await startApi({ databaseUrl: postgres.url, metricsDbRefreshSeconds: REFRESH_SECONDS });
    hourly = await startApi({ databaseUrl: postgres.url, metricsDbRefreshSeconds: 3600 });
  });

  afterAll(async () => {
    await api?.close();
    await hourly?.close();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the database counts once per refresh interval, however many scrapes', async () => {
    /** The repository calls of one API's counts (WebhooksModule has a SyncRepository of its own). */
    const spies = (of: RunningApi) => {
      const sync = of.app.select(SyncModule).get(SyncRepository, { strict: true });
      const emails = of.app.get(EmailsRepository);
      const calls = [
        jest.spyOn(sync, 'runCountsByStatus'),
        jest.spyOn(sync, 'itemCountsByStatus'),
        jest.spyOn(emails, 'stopSalesWithoutRooms'),
      ];
      return () => calls.map((spy) => spy.mock.calls.length);
    };
    // Within the hour: five scrapes together, then ten one after the other; one read of each.
    const hourlyCalls = spies(hourly);
    await Promise.all(Array.from({ length: 5 }, () => scrape(hourly)));
    for (let i = 0; i < 10; i++) await scrape(hourly);
    expect(hourlyCalls()).toEqual([1, 1, 1]);
    // Every 2 s: each batch of scrapes together after the interval reads them once more.
    const calls = spies(api);
    await sleep(REFRESH_SECONDS * 1000);
    await Promise.all(Array.from({ length: 5 }, () => scrape()));
    expect(calls()).toEqual([1, 1, 1]);
    await sleep(REFRESH_SECONDS * 1000);
    await Promise.all(Array.from({ length: 3 }, () => scrape()));
    expect(calls()).toEqual([2, 2, 2]);
  });

  it('counts the rows: stop sales in Sedna without rooms, tenants whose Sedna is unreachable', async () => {
    const tenant = `metrics-${randomUUID().slice(0, 8)}`;
    await sql(`INSERT INTO tenants (id) VALUES ($1::text), ($1::text || '-ok')`, [tenant]);
    await sql(
      `INSERT INTO emails (tenant_id, message_id, subject, sender, received_at, email_type)
       VALUES ($1, 'm1@test', 'STOP', 'a@b.c', now(), 'stopsale')`,
      [tenant],
    );
    await sql(
      `INSERT INTO stop_sales (tenant_id, email_id, hotel_name, date_from, date_to, status, sedna_rec_id, sedna_synced)
       SELECT $1::text, id, 'H', '2027-01-01', '2027-01-02', s.status, s.rec, s.synced
         FROM emails, (VALUES ('pending', 11, false), ('failed', 12, false), ('failed', 13, false),
                              ('success', 14, true), ('failed', NULL::int, false)) AS s(status, rec, synced)
        WHERE tenant_id = $1::text`,
      [tenant],
    );
    await sql(
      `INSERT INTO sedna_health (tenant_id, unreachable_since, last_error, last_error_at)
       VALUES ($1::text, '2026-12-01T10:00:00Z', 'connect ECONNREFUSED', now()),
              ($1::text || '-ok', NULL, NULL, NULL)`,
      [tenant],
    );
    await sleep(REFRESH_SECONDS * 1000);
    const text = await scrape();
    expect(samples(text, 'sedna_stop_sales_without_rooms').sort()).toEqual([
      '{status="failed"} 2',
      '{status="pending"} 1',
    ]);
    expect(samples(text, 'sedna_unreachable_tenants')).toEqual([' 1']);
    expect(samples(text, 'sedna_unreachable_since_timestamp_seconds')).toEqual([
      `{tenant_id="${tenant}"} ${Date.parse('2026-12-01T10:00:00Z') / 1000}`,
    ]);
  });

  it('times requests by route template and status, never by the path itself', async () => {
    const token = makeToken(`metrics-${randomUUID().slice(0, 8)}`);
    const id = randomUUID();
    expect((await call(api.url, 'GET', `/api/sync/${id}/result`, { token })).status).toBe(404);
    expect((await call(api.url, 'GET', `/no/such/${id}`, { token })).status).toBe(404);
    expect((await call(api.url, 'GET', '/api/sync/history', {})).status).toBe(401);
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
    const text = await scrape();
    const counts = samples(text, 'http_request_duration_seconds_count');
    expect(counts).toEqual(
      expect.arrayContaining([
        '{method="GET",route="/api/sync/:id/result",status="404"} 1',
        '{method="GET",route="unmatched",status="404"} 1',
        '{method="GET",route="unmatched",status="401"} 1',
        '{method="GET",route="/health/live",status="200"} 1',
      ]),
    );
    expect(text).not.toContain(id);
    // prom-client's process and Node metrics.
    for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds'])
      expect(samples(text, name)).toHaveLength(1);
  });

  it('does not wait for a slow database: the scrape answers with the last counts first', async () => {
    const sync = api.app.select(SyncModule).get(SyncRepository, { strict: true });
    const dataSource = api.app.get(DataSource);
    let slowQueryDone = false;
    const original = sync.runCountsByStatus.bind(sync);
    const slow = jest.spyOn(sync, 'runCountsByStatus').mockImplementation(async () => {
      // A statement PostgreSQL takes well past the scrape's wait (SCRAPE_WAIT_MS) to answer.
      await dataSource.query(`SELECT pg_sleep($1)`, [(SCRAPE_WAIT_MS * 3) / 1000]);
      slowQueryDone = true;
      return original();
    });
    const before = samples(await scrape(), 'sedna_stop_sales_without_rooms');
    await sleep(REFRESH_SECONDS * 1000);
    const started = performance.now();
    const during = await scrape();
    const tookMs = performance.now() - started;
    expect(slow).toHaveBeenCalled();
    expect(slowQueryDone).toBe(false);
    expect(samples(during, 'sedna_stop_sales_without_rooms')).toEqual(before);
    console.log(`scrape during a ${SCRAPE_WAIT_MS * 3} ms statement: ${tookMs.toFixed(0)} ms`);
    while (!slowQueryDone) await sleep(100);
    slow.mockRestore();
  });

  it('answers 200 with the last counts and their age while PostgreSQL is down', async () => {
    const before = await scrape();
    const runs = samples(before, 'sedna_stop_sales_without_rooms');
    await postgres!.stop();
    postgres = undefined;
    await sleep(REFRESH_SECONDS * 1000 + 500);
    const started = performance.now();
    const during = await scrape();
    const tookMs = performance.now() - started;
    expect(samples(during, 'sedna_stop_sales_without_rooms')).toEqual(runs);
    const [age] = samples(during, 'sedna_metrics_db_age_seconds');
    expect(Number(age.trim())).toBeGreaterThanOrEqual(REFRESH_SECONDS);
    console.log(`scrape with PostgreSQL down: ${tookMs.toFixed(0)} ms, counts ${age.trim()} s old`);
  });
});
