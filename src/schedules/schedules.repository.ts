import type { DataSource, EntityManager } from 'typeorm';
import type { ScheduleSettings } from './schedule-spec';
import { SyncSchedule } from './sync-schedule.entity';

/**
 * The schedule aggregate's table, `sync_schedules` (one row per tenant, its auto-sync
 * settings): every read and write of it, by the schedule settings and the run report (its time
 * zone). The row is the entity, read and written through TypeORM; a column name is written
 * here only.
 *
 * Built on a DataSource, or on a transaction's EntityManager (`new SchedulesRepository(db)`).
 */
export class SchedulesRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The work in one transaction, with a repository on it. */
  transaction<T>(work: (repo: SchedulesRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((db) => work(new SchedulesRepository(db)));
  }

  /** One change of the tenant's schedules at a time; held until commit. */
  async lockTenant(tenantId: string): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`schedules:${tenantId}`]);
  }

  /** The tenant's settings, or null when it never saved any. */
  find(tenantId: string): Promise<SyncSchedule | null> {
    return this.db.getRepository(SyncSchedule).findOneBy({ tenantId });
  }

  /** Inserts or replaces the tenant's settings. */
  async save(tenantId: string, settings: ScheduleSettings): Promise<void> {
    const repo = this.db.getRepository(SyncSchedule);
    await repo.save(repo.create({ ...settings, tenantId }));
  }

  /** The time zone of the tenant's settings, or null when it has none. */
  async timeZone(tenantId: string): Promise<string | null> {
    const row = await this.db
      .getRepository(SyncSchedule)
      .findOne({ select: { timeZone: true }, where: { tenantId } });
    return row?.timeZone || null;
  }
}
