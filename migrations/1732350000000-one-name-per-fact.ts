import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name and one type per fact. Sedna's record id is an integer in every table (`sync_items`
 * held it as text beside the integer of `reservations` and `stop_sales`), and an item that
 * synced has the status `success` in its reservation or stop-sale row as in `sync_items`, the
 * result and the events (the rows said `synced`). The status words are the contract's
 * ITEM_STATUSES (src/contract/statuses.ts).
 */
export class OneNamePerFact1732350000000 implements MigrationInterface {
  name = 'OneNamePerFact1732350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE sync_items ALTER COLUMN sedna_rec_id TYPE integer
         USING NULLIF(btrim(sedna_rec_id), '')::integer`,
    );
    for (const table of ['reservations', 'stop_sales']) {
      await db.query(`UPDATE ${table} SET status = 'success' WHERE status = 'synced'`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['reservations', 'stop_sales']) {
      await db.query(`UPDATE ${table} SET status = 'synced' WHERE status = 'success'`);
    }
    await db.query(
      `ALTER TABLE sync_items ALTER COLUMN sedna_rec_id TYPE varchar(64) USING sedna_rec_id::text`,
    );
  }
}
