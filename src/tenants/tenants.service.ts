import { Injectable } from '@nestjs/common';
import { TenantsRepository } from './tenants.repository';

@Injectable()
export class TenantsService {
  /** Tenants known to exist; saves a write on every request. */
  private readonly known = new Set<string>();

  constructor(private readonly tenants: TenantsRepository) {}

  /** The token issuer is the source of truth: a tenant seen in a valid token is registered. */
  async ensureRegistered(tenantId: string): Promise<void> {
    if (this.known.has(tenantId)) return;
    await this.tenants.insertIfMissing(tenantId);
    this.known.add(tenantId);
  }
}
