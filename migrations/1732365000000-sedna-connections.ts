import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was read from or written to a Sedna belongs to that Sedna (issues 18 and 22).
 *
 * - `tenant_settings.sedna_connection`: the identity of the tenant's Sedna connection, an md5 of
 *   (api_url, username, operator_id, operator_code), computed by PostgreSQL (the one definition;
 *   every process and the backfills below read it). `settings_version` counts every save of the
 *   row (password and rate limit included): a process compares it on each Sedna call and reloads
 *   the settings when it moved, so no cache outlives a change.
 * - `sync_runs.sedna_connection`: the connection a run was started on; its items are sent there
 *   or fail with SEDNA_CONNECTION_CHANGED.
 * - `stop_sales.phase1_sedna_connection`: the Sedna that issued the Phase 1 RecId.
 * - `sedna_reference_cache.sedna_connection`: the Sedna a list was read from; read only for it.
 * - `hotel_mappings.sedna_hotel_name`: the name of the hotel the mapping was checked against;
 *   a Sedna that lists the id under another name (or not at all) makes the mapping stale.
 *
 * Rows from before are given the tenant's current connection: they can only have come from it.
 */
export class SednaConnections1732365000000 implements MigrationInterface {
  name = 'SednaConnections1732365000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE tenant_settings
         ADD COLUMN settings_version integer NOT NULL DEFAULT 1,
         ADD COLUMN sedna_connection varchar(32) GENERATED ALWAYS AS (
           md5(api_url || E'\\n' || username || E'\\n' || operator_id::text || E'\\n' || operator_code)
         ) STORED`,
    );
    await db.query(`ALTER TABLE sync_runs ADD COLUMN sedna_connection varchar(32)`);
    await db.query(`ALTER TABLE stop_sales ADD COLUMN phase1_sedna_connection varchar(32)`);
    await db.query(
      `UPDATE stop_sales s SET phase1_sedna_connection = t.sedna_connection
         FROM tenant_settings t WHERE t.tenant_id = s.tenant_id AND s.sedna_rec_id IS NOT NULL`,
    );
    await db.query(
      `ALTER TABLE sedna_reference_cache ADD COLUMN sedna_connection varchar(32) NOT NULL DEFAULT ''`,
    );
    await db.query(
      `UPDATE sedna_reference_cache c SET sedna_connection = t.sedna_connection
         FROM tenant_settings t WHERE t.tenant_id = c.tenant_id`,
    );
    await db.query(`ALTER TABLE sedna_reference_cache ALTER COLUMN sedna_connection DROP DEFAULT`);
    await db.query(`ALTER TABLE hotel_mappings ADD COLUMN sedna_hotel_name text`);
    // A mapping was checked against the tenant's cached list: that list names its hotel.
    await db.query(
      `UPDATE hotel_mappings m SET sedna_hotel_name = h.value->>'name'
         FROM sedna_reference_cache c CROSS JOIN LATERAL jsonb_array_elements(c.data) h
        WHERE c.tenant_id = m.tenant_id AND c.kind = 'hotels'
          AND (h.value->>'id')::int = m.sedna_hotel_id`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE hotel_mappings DROP COLUMN sedna_hotel_name`);
    await db.query(`ALTER TABLE sedna_reference_cache DROP COLUMN sedna_connection`);
    await db.query(`ALTER TABLE stop_sales DROP COLUMN phase1_sedna_connection`);
    await db.query(`ALTER TABLE sync_runs DROP COLUMN sedna_connection`);
    await db.query(
      `ALTER TABLE tenant_settings DROP COLUMN sedna_connection, DROP COLUMN settings_version`,
    );
  }
}
