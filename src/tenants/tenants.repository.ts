import type { DataSource, EntityManager } from 'typeorm';

/**
 * The tenant aggregate's table, `tenants` (one row per tenant seen in a valid token): every
 * read and write of it, in SQL; a column name is written here only.
 */
export class TenantsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Registers the tenant; nothing happens when it is already registered. */
  async insertIfMissing(tenantId: string): Promise<void> {
    await this.db.query('INSERT INTO tenants (id) VALUES ($1) ON CONFLICT DO NOTHING', [tenantId]);
  }
}
