import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily drift check's settings beside the other schedules' (docs/SCHEDULES.md): on by
 * default, at 03:00 in the tenant's zone, over the items synced within 30 days.
 */
export class DriftCheckSchedule1732391000000 implements MigrationInterface {
  name = 'DriftCheckSchedule1732391000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE sync_schedules
        ADD COLUMN drift_check boolean NOT NULL DEFAULT true,
        ADD COLUMN drift_check_time varchar(5) NOT NULL DEFAULT '03:00',
        ADD COLUMN drift_check_window_days int NOT NULL DEFAULT 30
          CHECK (drift_check_window_days BETWEEN 1 AND 365)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE sync_schedules
        DROP COLUMN drift_check_window_days,
        DROP COLUMN drift_check_time,
        DROP COLUMN drift_check`);
  }
}
