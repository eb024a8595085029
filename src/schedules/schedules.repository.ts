import type { DataSource, EntityManager } from 'typeorm';
import type { ScheduleSettings } from '../contract/views-schedules';

/** A `sync_schedules` row: a tenant's schedule settings; the Temporal schedules are made from it. */
export interface SyncScheduleRow extends ScheduleSettings {
  tenant_id: string;
  updated_at: Date;
}

/** The settings' columns, in one order for the reads and the upsert. */
const SETTINGS_COLUMNS: readonly (keyof ScheduleSettings)[] = [
  'enabled',
  'paused',
  'interval_minutes',
  'window_start',
  'window_end',
  'time_zone',
  'max_items',
  'nightly_retry',
  'nightly_retry_time',
  'drift_check',
  'drift_check_time',
  'drift_check_window_days',
];

/**
 * The schedule aggregate's table, `sync_schedules` (one row per tenant, its schedule settings):
 * every read and write of it, by the schedule settings and the run report (its time zone), in
 * SQL with typed rows; a column name is written here only.
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
  async find(tenantId: string): Promise<SyncScheduleRow | null> {
    const [row]: SyncScheduleRow[] = await this.db.query(
      `SELECT tenant_id, ${SETTINGS_COLUMNS.join(', ')}, updated_at
         FROM sync_schedules WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  /** Inserts or replaces the tenant's settings; `updated_at` moves only when one changed. */
  async save(tenantId: string, settings: ScheduleSettings): Promise<void> {
    const columns = SETTINGS_COLUMNS.join(', ');
    const values = SETTINGS_COLUMNS.map((_, i) => `$${i + 2}`).join(', ');
    const updates = SETTINGS_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');
    const stored = SETTINGS_COLUMNS.map((c) => `s.${c}`).join(', ');
    const given = SETTINGS_COLUMNS.map((c) => `excluded.${c}`).join(', ');
    await this.db.query(
      `INSERT INTO sync_schedules AS s (tenant_id, ${columns}) VALUES ($1, ${values})
       ON CONFLICT (tenant_id) DO UPDATE SET ${updates}, updated_at = now()
        WHERE (${stored}) IS DISTINCT FROM (${given})`,
      [tenantId, ...SETTINGS_COLUMNS.map((c) => settings[c])],
    );
  }

  /** The time zone of the tenant's settings, or null when it has none. */
  async timeZone(tenantId: string): Promise<string | null> {
    const [row]: Pick<SyncScheduleRow, 'time_zone'>[] = await this.db.query(
      'SELECT time_zone FROM sync_schedules WHERE tenant_id = $1',
      [tenantId],
    );
    return row?.time_zone || null;
  }
}
