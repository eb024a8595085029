import type { DataSource, EntityManager } from 'typeorm';
import { Tenant } from './tenant.entity';

/**
 * The tenant aggregate's table, `tenants` (one row per tenant seen in a valid token): every
 * read and write of it. The row is the entity, written through TypeORM; a column name is
 * written here only.
 */
export class TenantsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Registers the tenant; nothing happens when it is already registered. */
  async insertIfMissing(tenantId: string): Promise<void> {
    await this.db
      .getRepository(Tenant)
      .createQueryBuilder()
      .insert()
      .values({ id: tenantId })
      .orIgnore()
      .execute();
  }
}
