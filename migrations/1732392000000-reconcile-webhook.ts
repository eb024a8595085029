import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A webhook delivery is about a run or about a drift check (`reconcile.completed`): the log's
 * rows name one of the two.
 */
export class ReconcileWebhook1732392000000 implements MigrationInterface {
  name = 'ReconcileWebhook1732392000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_deliveries
        ALTER COLUMN sync_id DROP NOT NULL,
        ADD COLUMN reconcile_id uuid,
        ADD CONSTRAINT webhook_deliveries_one_subject CHECK (num_nonnulls(sync_id, reconcile_id) = 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM webhook_deliveries WHERE sync_id IS NULL`);
    await db.query(`
      ALTER TABLE webhook_deliveries
        DROP CONSTRAINT webhook_deliveries_one_subject,
        DROP COLUMN reconcile_id,
        ALTER COLUMN sync_id SET NOT NULL`);
  }
}
