import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed items carry their error as data (code, stage, details such as hotel candidates or
 * unknown codes); each tenant's Sedna reachability as the Sedna activities last saw it.
 */
export class ItemErrorCodes1732293000000 implements MigrationInterface {
  name = 'ItemErrorCodes1732293000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE sync_items
        ADD COLUMN error_code varchar(40),
        ADD COLUMN error_stage varchar(10),
        ADD COLUMN error_details jsonb`);
    await db.query(`
      CREATE TABLE sedna_health (
        tenant_id varchar(64) PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        unreachable_since timestamptz,
        last_error text,
        last_error_at timestamptz,
        last_ok_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sedna_health`);
    await db.query(`
      ALTER TABLE sync_items
        DROP COLUMN error_code, DROP COLUMN error_stage, DROP COLUMN error_details`);
  }
}
