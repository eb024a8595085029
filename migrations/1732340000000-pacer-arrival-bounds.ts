import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pacer keeps, per recent request, the latest moment it can have reached Sedna (its claim
 * plus the arrival margin, or the moment its answer came back if sooner) instead of its claim
 * time: a request that was answered no longer holds the margin.
 */
export class PacerArrivalBounds1732340000000 implements MigrationInterface {
  name = 'PacerArrivalBounds1732340000000';

  async up(db: QueryRunner): Promise<void> {
    // The values are a few seconds' worth of pacing state: dropping them only lets the next
    // requests start afresh, which the reservations still space out.
    await db.query(`ALTER TABLE sedna_request_slots DROP COLUMN recent_sends`);
    await db.query(
      `ALTER TABLE sedna_request_slots ADD COLUMN latest_arrivals timestamptz[] NOT NULL DEFAULT '{}'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sedna_request_slots DROP COLUMN latest_arrivals`);
    await db.query(
      `ALTER TABLE sedna_request_slots ADD COLUMN recent_sends timestamptz[] NOT NULL DEFAULT '{}'`,
    );
  }
}
