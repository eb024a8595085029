/**
 * Migrations go down and up again: every `down` undoes its `up` on a database of this test's own
 * (a scratch database on the harness's server), and the one-name-per-fact migration carries the
 * stored values across (sync_items.sedna_rec_id text ↔ integer, row status synced ↔ success).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { queryDb } from '../support/db';

const name = `migrations_${randomUUID().slice(0, 8)}`;
let url: string;

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const columnType = async (table: string, column: string) =>
  (
    await query<{ data_type: string }>(
      `SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`,
      [table, column],
    )
  )[0]?.data_type;

/** A tenant with one e-mail, one synced stop sale and its run's successful item. */
async function seedOldStyle() {
  await query(`INSERT INTO tenants (id) VALUES ('t1')`);
  const [email] = await query<{ id: number }>(
    `INSERT INTO emails (tenant_id, message_id, subject, sender, received_at, email_type)
     VALUES ('t1', 'm1', 's', 'a@b', now(), 'stopsale') RETURNING id`,
  );
  const [stopSale] = await query<{ id: number }>(
    `INSERT INTO stop_sales (tenant_id, email_id, hotel_name, date_from, date_to, status, sedna_synced, sedna_rec_id)
     VALUES ('t1', $1, 'H', '2027-01-01', '2027-01-02', 'synced', true, 823259) RETURNING id`,
    [email.id],
  );
  const [run] = await query<{ id: number }>(
    `INSERT INTO sync_runs (tenant_id, sync_id, workflow_id, status, total_items)
     VALUES ('t1', $1, 'w', 'completed', 1) RETURNING id`,
    [randomUUID()],
  );
  await query(
    `INSERT INTO sync_items (sync_run_id, tenant_id, ordinal, email_id, item_type, item_id, status, sedna_rec_id)
     VALUES ($1, 't1', 1, $2, 'stop_sale', $3, 'success', '823259'),
            ($1, 't1', 2, $2, 'stop_sale', $3, 'failed', NULL)`,
    [run.id, email.id, stopSale.id],
  );
}

beforeAll(async () => {
  await queryDb(`CREATE DATABASE ${name}`);
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `/${name}`;
  url = base.toString();
});

afterAll(async () => {
  await queryDb(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

/** How many migrations, from the last, down to (and with) the one of this name. */
const downTo = (migration: string) =>
  MIGRATIONS.length - MIGRATIONS.findIndex((m) => m.name === migration);

describe('migrations', () => {
  it('one name per fact: the RecId becomes an integer and synced rows say success, and back', async () => {
    await runMigrations(url);
    await runMigrations(url, 'down', downTo('OneNamePerFact1732350000000'));
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('character varying');
    await seedOldStyle();

    const applied = await runMigrations(url);
    expect(applied[0].name).toBe('OneNamePerFact1732350000000');
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('integer');
    expect(await query('SELECT status, sedna_rec_id FROM sync_items ORDER BY ordinal')).toEqual([
      { status: 'success', sedna_rec_id: 823259 },
      { status: 'failed', sedna_rec_id: null },
    ]);
    expect(await query('SELECT status FROM stop_sales')).toEqual([{ status: 'success' }]);

    await runMigrations(url, 'down', downTo('OneNamePerFact1732350000000'));
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('character varying');
    expect(await query('SELECT sedna_rec_id FROM sync_items ORDER BY ordinal')).toEqual([
      { sedna_rec_id: '823259' },
      { sedna_rec_id: null },
    ]);
    expect(await query('SELECT status FROM stop_sales')).toEqual([{ status: 'synced' }]);
  });

  it('sedna connections: rows from before belong to the connection the tenant has', async () => {
    await runMigrations(url);
    await runMigrations(url, 'down', downTo('SednaConnections1732365000000'));
    await query(`DELETE FROM tenants`);
    await seedOldStyle();
    await query(
      `INSERT INTO tenant_settings (tenant_id, api_url, username, password_encrypted, operator_id, operator_code)
       VALUES ('t1', 'https://sedna.example/', 'demo', 'x', 571, '7STAR')`,
    );
    await query(
      `INSERT INTO sedna_reference_cache (tenant_id, kind, data, fetched_at)
       VALUES ('t1', 'hotels', '[{"id": 31, "name": "Grand Paradise Resort", "isActive": true}]', now())`,
    );
    await query(
      `INSERT INTO hotel_mappings (tenant_id, hotel_name, normalized_name, sedna_hotel_id)
       VALUES ('t1', 'GP', 'gp', 31), ('t1', 'Gone', 'gone', 99)`,
    );
    const applied = await runMigrations(url);
    expect(applied[0].name).toBe('SednaConnections1732365000000');
    const [settings] = await query<{ sedna_connection: string; settings_version: number }>(
      `SELECT sedna_connection, settings_version FROM tenant_settings`,
    );
    expect(settings.sedna_connection).toMatch(/^[0-9a-f]{32}$/);
    expect(settings.settings_version).toBe(1);
    expect(await query(`SELECT phase1_sedna_connection AS c FROM stop_sales`)).toEqual([
      { c: settings.sedna_connection },
    ]);
    expect(await query(`SELECT sedna_connection AS c FROM sedna_reference_cache`)).toEqual([
      { c: settings.sedna_connection },
    ]);
    expect(
      await query(`SELECT hotel_name, sedna_hotel_name FROM hotel_mappings ORDER BY hotel_name`),
    ).toEqual([
      { hotel_name: 'GP', sedna_hotel_name: 'Grand Paradise Resort' },
      { hotel_name: 'Gone', sedna_hotel_name: null },
    ]);
    // Another URL, user or operator is another connection; the password and rate are not.
    await query(`UPDATE tenant_settings SET password_encrypted = 'y', rate_limit_per_second = 9`);
    const [same] = await query(`SELECT sedna_connection FROM tenant_settings`);
    expect(same.sedna_connection).toBe(settings.sedna_connection);
    await query(`UPDATE tenant_settings SET api_url = 'https://other.example/'`);
    const [moved] = await query(`SELECT sedna_connection FROM tenant_settings`);
    expect(moved.sedna_connection).not.toBe(settings.sedna_connection);

    await runMigrations(url, 'down', downTo('SednaConnections1732365000000'));
    expect(await columnType('tenant_settings', 'sedna_connection')).toBeUndefined();
    expect(await columnType('hotel_mappings', 'sedna_hotel_name')).toBeUndefined();
    await query(`DELETE FROM tenants`);
  });

  it('every down undoes its up: all the way down leaves no table, and up again works', async () => {
    await runMigrations(url);
    await runMigrations(url, 'down', MIGRATIONS.length);
    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toEqual([]);
    const applied = await runMigrations(url);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('integer');
  });
});
