import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant auto-sync settings, and why a failed item failed (for the nightly retry). */
export class SyncSchedules1732260000000 implements MigrationInterface {
  name = 'SyncSchedules1732260000000';

  async up(db: QueryRunner): Promise<void> {
    // Clock times are 'HH:MM' (window_end may be '24:00'), so text order is time order.
    await db.query(`
      CREATE TABLE sync_schedules (
        tenant_id varchar(64) PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT false,
        paused boolean NOT NULL DEFAULT false,
        interval_minutes int NOT NULL CHECK (interval_minutes BETWEEN 1 AND 1440),
        window_start varchar(5) NOT NULL,
        window_end varchar(5) NOT NULL,
        time_zone varchar(64) NOT NULL,
        max_items int NOT NULL CHECK (max_items BETWEEN 1 AND 10000),
        nightly_retry boolean NOT NULL DEFAULT false,
        nightly_retry_time varchar(5) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (window_end > window_start)
      )`);
    await db.query(`
      ALTER TABLE sync_items ADD COLUMN failure_kind varchar(20)
        CHECK (failure_kind IN ('transient', 'permanent'))`);
    // Scheduled runs look for a tenant's unsynced rows.
    for (const table of ['stop_sales', 'reservations']) {
      await db.query(
        `CREATE INDEX idx_${table}_unsynced ON ${table} (tenant_id, status) WHERE NOT sedna_synced`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX idx_reservations_unsynced');
    await db.query('DROP INDEX idx_stop_sales_unsynced');
    await db.query('ALTER TABLE sync_items DROP COLUMN failure_kind');
    await db.query('DROP TABLE sync_schedules');
  }
}
