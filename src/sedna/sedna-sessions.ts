import type { SednaSession } from './sedna-client';
import type { TenantSednaCredentials } from './sedna-types';

/**
 * A process's Sedna sessions, one per tenant, each bound to the settings it logged in with
 * (`connection` and `settingsVersion`): credentials read after a change of URL, user, password
 * or operator get a new, empty session, and the old one is dropped, never sent to the new Sedna.
 */
export class SednaSessions {
  private readonly byTenant = new Map<
    string,
    { key: string; version: number; session: SednaSession }
  >();

  /** The tenant's session for these credentials and its key (one login at a time per key). */
  of(tenantId: string, creds: TenantSednaCredentials): { key: string; session: SednaSession } {
    const key = `${tenantId}|${creds.connection}|${creds.settingsVersion}`;
    const held = this.byTenant.get(tenantId);
    if (held?.key === key) return held;
    const fresh = { key, version: creds.settingsVersion, session: {} };
    // A call that read the settings just before a change must not evict the newer session.
    if (!held || held.version < creds.settingsVersion) this.byTenant.set(tenantId, fresh);
    return fresh;
  }
}
