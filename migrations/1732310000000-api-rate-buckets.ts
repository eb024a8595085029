import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-tenant API budget shared by every API replica: one token bucket per tenant and scope,
 * refilled on the database clock. UNLOGGED (no WAL, emptied by a crash, which refills every
 * bucket) with room on each page for HOT updates: one row is rewritten per request.
 * Also the indexes the pending list reads: e-mails in order (tenant, status, newest first), and
 * each e-mail's first items by id (replacing the (tenant_id, email_id) ones they extend).
 */
export class ApiRateBuckets1732310000000 implements MigrationInterface {
  name = 'ApiRateBuckets1732310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE UNLOGGED TABLE api_rate_buckets (
         tenant_id text NOT NULL,
         scope text NOT NULL,
         tokens double precision NOT NULL,
         updated_at timestamptz NOT NULL,
         granted boolean NOT NULL,
         PRIMARY KEY (tenant_id, scope)
       ) WITH (fillfactor = 50)`,
    );
    await db.query(
      `CREATE INDEX idx_emails_tenant_status_received
         ON emails (tenant_id, status, received_at DESC, id DESC)`,
    );
    for (const table of ['stop_sales', 'reservations']) {
      await db.query(`CREATE INDEX idx_${table}_email_item ON ${table} (tenant_id, email_id, id)`);
      await db.query(`DROP INDEX idx_${table}_email`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['stop_sales', 'reservations']) {
      await db.query(`CREATE INDEX idx_${table}_email ON ${table} (tenant_id, email_id)`);
      await db.query(`DROP INDEX idx_${table}_email_item`);
    }
    await db.query(`DROP INDEX idx_emails_tenant_status_received`);
    await db.query(`DROP TABLE api_rate_buckets`);
  }
}
