import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retry chains (SPEC §10): a run's `retried_by` is the run whose `retry_of` names it, read for
 * every result and history row, and checked (under the tenant's start lock) before a second
 * retry of the same run. Not unique: runs retried twice before this rule existed stay as they are.
 */
export class RetryChains1732330000000 implements MigrationInterface {
  name = 'RetryChains1732330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX idx_sync_runs_retry_of ON sync_runs (retry_of) WHERE retry_of IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_sync_runs_retry_of`);
  }
}
