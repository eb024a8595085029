import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The drift check (SPEC §12): one `reconcile_runs` row per check of a tenant (at most one running
 * per tenant, held by a partial unique index), and one `reconcile_items` row per item compared.
 */
export class Reconcile1732380000000 implements MigrationInterface {
  name = 'Reconcile1732380000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reconcile_runs (
        id uuid PRIMARY KEY,
        tenant_id varchar(64) NOT NULL,
        workflow_id varchar(200) NOT NULL,
        trigger varchar(16) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'running',
        window_days int NOT NULL,
        window_start timestamptz NOT NULL,
        requested_by varchar(200),
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        counts jsonb
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_reconcile_runs_running ON reconcile_runs (tenant_id) WHERE status = 'running'`,
    );
    await db.query(
      `CREATE INDEX idx_reconcile_runs_tenant ON reconcile_runs (tenant_id, started_at DESC)`,
    );
    await db.query(`
      CREATE TABLE reconcile_items (
        id bigserial PRIMARY KEY,
        reconcile_id uuid NOT NULL REFERENCES reconcile_runs (id) ON DELETE CASCADE,
        item_type varchar(20) NOT NULL,
        item_id int,
        email_id int,
        hotel_name text,
        sedna_hotel_id int,
        sedna_rec_id int,
        outcome varchar(20) NOT NULL,
        fields text[] NOT NULL DEFAULT '{}',
        ours jsonb,
        sedna jsonb
      )`);
    await db.query(
      `CREATE INDEX idx_reconcile_items_outcome ON reconcile_items (reconcile_id, outcome, id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reconcile_items`);
    await db.query(`DROP TABLE reconcile_runs`);
  }
}
