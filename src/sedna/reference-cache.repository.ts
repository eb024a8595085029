import type { DataSource, EntityManager } from 'typeorm';
import type { ReferenceKind } from '../contract/statuses';

/**
 * A `sedna_reference_cache` row: one of a tenant's Sedna reference lists, read from one
 * connection (`sedna_connection`, tenant_settings.sedna_connection) and read back only for it.
 */
export interface ReferenceCacheRow {
  tenant_id: string;
  kind: ReferenceKind;
  sedna_connection: string;
  data: object[];
  fetched_at: Date;
}

/**
 * The reference cache's table, `sedna_reference_cache`: every read and write of it
 * (ReferenceCacheService), in SQL with typed rows; a column name is written here only.
 */
export class ReferenceCacheRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The tenant's lists read from `connection`, of every kind or of one. */
  list(tenantId: string, connection: string, kind?: ReferenceKind): Promise<ReferenceCacheRow[]> {
    return this.db.query(
      `SELECT tenant_id, kind, sedna_connection, data, fetched_at FROM sedna_reference_cache
        WHERE tenant_id = $1 AND sedna_connection = $2 AND ($3::varchar IS NULL OR kind = $3)`,
      [tenantId, connection, kind ?? null],
    );
  }

  /** Stores the list, replacing the kind's list of any connection. */
  async upsert(row: ReferenceCacheRow): Promise<void> {
    await this.db.query(
      `INSERT INTO sedna_reference_cache (tenant_id, kind, sedna_connection, data, fetched_at)
       VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (tenant_id, kind) DO UPDATE SET sedna_connection = excluded.sedna_connection,
         data = excluded.data, fetched_at = excluded.fetched_at`,
      [row.tenant_id, row.kind, row.sedna_connection, JSON.stringify(row.data), row.fetched_at],
    );
  }

  async deleteTenant(tenantId: string): Promise<void> {
    await this.db.query('DELETE FROM sedna_reference_cache WHERE tenant_id = $1', [tenantId]);
  }
}
