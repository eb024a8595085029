import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The request pacer claims each Sedna request at the moment it is sent: the newest claims of a
 * tenant (one per request of its limit) are kept, so no window of a second can hold more.
 */
export class SednaRequestLog1732280000000 implements MigrationInterface {
  name = 'SednaRequestLog1732280000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE sedna_request_slots ADD COLUMN recent_sends timestamptz[] NOT NULL DEFAULT '{}'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sedna_request_slots DROP COLUMN recent_sends`);
  }
}
