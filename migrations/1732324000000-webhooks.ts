import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks per tenant (SPEC §10): one target per tenant (the secret encrypted like the Sedna
 * password), and the log of every delivery attempt, listed newest first.
 */
export class Webhooks1732324000000 implements MigrationInterface {
  name = 'Webhooks1732324000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE webhook_settings (
         tenant_id varchar(64) PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
         url text NOT NULL,
         secret_encrypted text NOT NULL,
         events text[] NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await db.query(
      `CREATE TABLE webhook_deliveries (
         id bigserial PRIMARY KEY,
         tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
         sync_id uuid NOT NULL,
         delivery_id varchar(100) NOT NULL,
         event varchar(40) NOT NULL,
         attempt int NOT NULL,
         outcome varchar(20) NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed')),
         status_code int,
         error text,
         at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await db.query(
      `CREATE INDEX idx_webhook_deliveries_tenant_at ON webhook_deliveries (tenant_id, at DESC, id DESC)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_settings`);
  }
}
