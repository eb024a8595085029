import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Tenant } from './tenant.entity';

@Injectable()
export class TenantsService {
  /** Tenants known to exist; saves a write on every request. */
  private readonly known = new Set<string>();

  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  /** The token issuer is the source of truth: a tenant seen in a valid token is registered. */
  async ensureRegistered(tenantId: string): Promise<void> {
    if (this.known.has(tenantId)) return;
    await this.tenants.createQueryBuilder().insert().values({ id: tenantId }).orIgnore().execute();
    this.known.add(tenantId);
  }
}
