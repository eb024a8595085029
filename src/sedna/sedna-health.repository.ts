import type { DataSource, EntityManager } from 'typeorm';
import type { SednaHealthView } from '../contract/views';

/** A sedna_health row. */
interface SednaHealthRow {
  unreachable_since: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  last_ok_at: Date | null;
}

/** A tenant whose Sedna is unreachable, since the first failure of the outage. */
export interface UnreachableTenant {
  tenant_id: string;
  since: Date;
}

/**
 * The Sedna-health table, `sedna_health` (one row per tenant: whether its Sedna answers): every
 * read and write of it, by the Sedna activities (SednaHealthRecorder) and the API's run views.
 * Plain SQL with a typed row; a column name is written here only.
 */
export class SednaHealthRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A failed call: unreachable since the first failure of the outage, with this error. */
  async markUnreachable(tenantId: string, error: string): Promise<void> {
    await this.db.query(
      `INSERT INTO sedna_health (tenant_id, unreachable_since, last_error, last_error_at)
       VALUES ($1, now(), $2, now())
       ON CONFLICT (tenant_id) DO UPDATE SET
         unreachable_since = COALESCE(sedna_health.unreachable_since, now()),
         last_error = $2, last_error_at = now()`,
      [tenantId, error],
    );
  }

  /** An answer: the outage is over. A no-op unless unreachable or the last answer is 10 s old. */
  async markAnswered(tenantId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO sedna_health (tenant_id, last_ok_at) VALUES ($1, now())
       ON CONFLICT (tenant_id) DO UPDATE SET unreachable_since = NULL, last_ok_at = now()
       WHERE sedna_health.unreachable_since IS NOT NULL OR sedna_health.last_ok_at IS NULL
          OR sedna_health.last_ok_at < now() - interval '10 seconds'`,
      [tenantId],
    );
  }

  /**
   * The tenants whose Sedna is unreachable now (all tenants): how many, and the `limit` whose
   * outage is oldest, with its start.
   */
  async unreachable(limit: number): Promise<{ total: number; oldest: UnreachableTenant[] }> {
    const rows: (UnreachableTenant & { total: number })[] = await this.db.query(
      `SELECT tenant_id, unreachable_since AS since, count(*) OVER ()::int AS total
         FROM sedna_health WHERE unreachable_since IS NOT NULL
        ORDER BY unreachable_since, tenant_id LIMIT $1`,
      [limit],
    );
    const total = rows[0]?.total ?? 0;
    return { total, oldest: rows.map(({ tenant_id, since }) => ({ tenant_id, since })) };
  }

  /** The tenant's row as the API shows it; null before any Sedna call was made. */
  async find(tenantId: string): Promise<SednaHealthView | null> {
    const [row]: SednaHealthRow[] = await this.db.query(
      `SELECT unreachable_since, last_error, last_error_at, last_ok_at FROM sedna_health WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!row) return null;
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      reachable: row.unreachable_since === null,
      since: iso(row.unreachable_since),
      last_error: row.last_error,
      last_error_at: iso(row.last_error_at),
      last_ok_at: iso(row.last_ok_at),
    };
  }
}
