import type { ReferenceKind } from '../contract/statuses';
import { ReferenceCacheRepository } from './reference-cache.repository';
import type { SednaCode, SednaHotel } from './sedna-types';

export const REFERENCE_TTL_MS = 24 * 60 * 60 * 1000;

export interface ReferenceLists {
  hotels?: SednaHotel[];
  room_types?: SednaCode[];
  boards?: SednaCode[];
}

/**
 * Sedna reference lists per tenant, in PostgreSQL so that every worker shares them. A list
 * belongs to the connection it was read from (`connection`, tenant_settings.sedna_connection):
 * every read names the connection the tenant has now, and a list of another one is absent.
 */
export class ReferenceCacheService {
  constructor(private readonly entries: ReferenceCacheRepository) {}

  /** The fresh lists of a tenant's connection; stale, missing or other-connection kinds are absent. */
  async freshLists(
    tenantId: string,
    connection: string,
    now = Date.now(),
  ): Promise<ReferenceLists> {
    const rows = await this.entries.list(tenantId, connection);
    const fresh = rows.filter((row) => now - row.fetched_at.getTime() < REFERENCE_TTL_MS);
    return Object.fromEntries(fresh.map((row) => [row.kind, row.data])) as ReferenceLists;
  }

  /** The hotel list of any age read from this connection (for display, and the Phase 1 check). */
  async storedHotels(tenantId: string, connection: string): Promise<SednaHotel[] | undefined> {
    const [row] = await this.entries.list(tenantId, connection, 'hotels');
    return row ? (row.data as SednaHotel[]) : undefined;
  }

  /** A code list (room types, boards) of any age read from this connection (the drift check). */
  async storedCodes(
    tenantId: string,
    connection: string,
    kind: Exclude<ReferenceKind, 'hotels'>,
  ): Promise<SednaCode[] | undefined> {
    const [row] = await this.entries.list(tenantId, connection, kind);
    return row ? (row.data as SednaCode[]) : undefined;
  }

  async isFresh(
    tenantId: string,
    connection: string,
    kind: ReferenceKind,
    now = Date.now(),
  ): Promise<boolean> {
    const [row] = await this.entries.list(tenantId, connection, kind);
    return Boolean(row && now - row.fetched_at.getTime() < REFERENCE_TTL_MS);
  }

  /** Stores the list read from `connection`, replacing the kind's list of any connection. */
  async store(
    tenantId: string,
    connection: string,
    kind: ReferenceKind,
    data: object[],
  ): Promise<void> {
    await this.entries.upsert({
      tenant_id: tenantId,
      kind,
      sedna_connection: connection,
      data,
      fetched_at: new Date(),
    });
  }

  /** Forgets the tenant's lists (its connection changed). */
  async invalidate(tenantId: string): Promise<void> {
    await this.entries.deleteTenant(tenantId);
  }
}
