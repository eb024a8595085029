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

describe('migrations', () => {
  it('one name per fact: the RecId becomes an integer and synced rows say success, and back', async () => {
    await runMigrations(url);
    await runMigrations(url, 'down', 1);
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('character varying');
    await seedOldStyle();

    const applied = await runMigrations(url);
    expect(applied.map((m) => m.name)).toEqual(['OneNamePerFact1732350000000']);
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('integer');
    expect(await query('SELECT status, sedna_rec_id FROM sync_items ORDER BY ordinal')).toEqual([
      { status: 'success', sedna_rec_id: 823259 },
      { status: 'failed', sedna_rec_id: null },
    ]);
    expect(await query('SELECT status FROM stop_sales')).toEqual([{ status: 'success' }]);

    await runMigrations(url, 'down', 1);
    expect(await columnType('sync_items', 'sedna_rec_id')).toBe('character varying');
    expect(await query('SELECT sedna_rec_id FROM sync_items ORDER BY ordinal')).toEqual([
      { sedna_rec_id: '823259' },
      { sedna_rec_id: null },
    ]);
    expect(await query('SELECT status FROM stop_sales')).toEqual([{ status: 'synced' }]);
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
