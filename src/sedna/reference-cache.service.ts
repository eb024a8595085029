import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ReferenceKind } from '../temporal/contract';
import { ReferenceCacheEntry } from './reference-cache.entity';
import type { SednaCode, SednaHotel } from './sedna-types';

export const REFERENCE_TTL_MS = 24 * 60 * 60 * 1000;

export interface ReferenceLists {
  hotels?: SednaHotel[];
  room_types?: SednaCode[];
  boards?: SednaCode[];
}

/** Sedna reference lists per tenant, in PostgreSQL so that every worker shares them. */
@Injectable()
export class ReferenceCacheService {
  constructor(
    @InjectRepository(ReferenceCacheEntry)
    private readonly entries: Repository<ReferenceCacheEntry>,
  ) {}

  /** The fresh lists of a tenant; stale or missing kinds are absent. */
  async freshLists(tenantId: string, now = Date.now()): Promise<ReferenceLists> {
    const rows = await this.entries.find({ where: { tenantId } });
    const fresh = rows.filter((row) => now - row.fetchedAt.getTime() < REFERENCE_TTL_MS);
    return Object.fromEntries(fresh.map((row) => [row.kind, row.data])) as ReferenceLists;
  }

  /** The stored hotel list of any age (for display: names change rarely), if there is one. */
  async storedHotels(tenantId: string): Promise<SednaHotel[] | undefined> {
    const row = await this.entries.findOne({ where: { tenantId, kind: 'hotels' } });
    return row ? (row.data as SednaHotel[]) : undefined;
  }

  async isFresh(tenantId: string, kind: ReferenceKind, now = Date.now()): Promise<boolean> {
    const row = await this.entries.findOne({ where: { tenantId, kind } });
    return Boolean(row && now - row.fetchedAt.getTime() < REFERENCE_TTL_MS);
  }

  async store(tenantId: string, kind: ReferenceKind, data: object[]): Promise<void> {
    await this.entries.upsert({ tenantId, kind, data, fetchedAt: new Date() }, [
      'tenantId',
      'kind',
    ]);
  }

  async invalidate(tenantId: string): Promise<void> {
    await this.entries.delete({ tenantId });
  }
}
