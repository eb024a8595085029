import type { DataSource } from 'typeorm';
import type { SednaHealthView } from '../temporal/contract';

/** A process writes "Sedna answered" for a tenant at most this often (failures: every time). */
const OK_WRITE_INTERVAL_MS = 2000;

/**
 * Whether each tenant's Sedna answers, as the Sedna activities see it: one `sedna_health` row
 * per tenant, upserted on a failed call (unreachable since the first failure of the outage) and
 * on an answer (the outage is over). Answers are written sparingly: a no-op in SQL unless the
 * row says unreachable or its last answer is 10 s old, and at most every 2 s per process.
 */
export class SednaHealthRecorder {
  private readonly okWrittenAt = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async unreachable(tenantId: string, error: string): Promise<void> {
    this.okWrittenAt.delete(tenantId);
    await this.dataSource.query(
      `INSERT INTO sedna_health (tenant_id, unreachable_since, last_error, last_error_at)
       VALUES ($1, now(), $2, now())
       ON CONFLICT (tenant_id) DO UPDATE SET
         unreachable_since = COALESCE(sedna_health.unreachable_since, now()),
         last_error = $2, last_error_at = now()`,
      [tenantId, error],
    );
  }

  async answered(tenantId: string): Promise<void> {
    const last = this.okWrittenAt.get(tenantId);
    if (last !== undefined && Date.now() - last < OK_WRITE_INTERVAL_MS) return;
    this.okWrittenAt.set(tenantId, Date.now());
    await this.dataSource.query(
      `INSERT INTO sedna_health (tenant_id, last_ok_at) VALUES ($1, now())
       ON CONFLICT (tenant_id) DO UPDATE SET unreachable_since = NULL, last_ok_at = now()
       WHERE sedna_health.unreachable_since IS NOT NULL OR sedna_health.last_ok_at IS NULL
          OR sedna_health.last_ok_at < now() - interval '10 seconds'`,
      [tenantId],
    );
  }
}

/** The tenant's row as the API shows it; null before any Sedna call was made. */
export async function readSednaHealth(
  dataSource: DataSource,
  tenantId: string,
): Promise<SednaHealthView | null> {
  const [row]: {
    unreachable_since: Date | null;
    last_error: string | null;
    last_error_at: Date | null;
    last_ok_at: Date | null;
  }[] = await dataSource.query(
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
