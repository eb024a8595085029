import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reservations.insert_sedna_connection`: the Sedna connection an insert was sent to (with its
 * "sent" mark), so that an insert whose answer was lost is looked up only in that Sedna, as a
 * stop sale's Phase 1 is (`stop_sales.phase1_sedna_connection`, 1732365000000). Rows from before
 * are given the tenant's connection of now: they can only have been sent there.
 */
export class ReservationSednaConnection1732367000000 implements MigrationInterface {
  name = 'ReservationSednaConnection1732367000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reservations ADD COLUMN insert_sedna_connection varchar(32)`);
    await db.query(
      `UPDATE reservations r SET insert_sedna_connection = t.sedna_connection
         FROM tenant_settings t
        WHERE t.tenant_id = r.tenant_id AND (r.sedna_rec_id IS NOT NULL OR r.insert_sent_at IS NOT NULL)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reservations DROP COLUMN insert_sedna_connection`);
  }
}
