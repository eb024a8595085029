import type { DataSource, EntityManager } from 'typeorm';
import type { MappedHotel } from '../sedna/reference-resolver';
import { HotelMapping } from './hotel-mapping.entity';

/** What a mapping says: an e-mail hotel name, its matching key and the Sedna hotel. */
export interface MappingFields {
  hotelName: string;
  normalizedName: string;
  sednaHotelId: number;
  /** The name Sedna lists the hotel under, as checked when saving. */
  sednaHotelName: string;
}

/**
 * The hotel-mapping aggregate's table, `hotel_mappings`: every read and write of it, by the
 * mappings API and the worker's name resolution. The row is the entity, read and written
 * through TypeORM; a column name is written here only.
 */
export class HotelMappingsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get mappings() {
    return this.db.getRepository(HotelMapping);
  }

  /** The tenant's mappings by matching key. */
  list(tenantId: string): Promise<HotelMapping[]> {
    return this.mappings.find({ where: { tenantId }, order: { normalizedName: 'ASC' } });
  }

  find(tenantId: string, id: number): Promise<HotelMapping | null> {
    return this.mappings.findOneBy({ tenantId, id });
  }

  /** The tenant's mapping of this matching key, or null. */
  findByKey(tenantId: string, normalizedName: string): Promise<HotelMapping | null> {
    return this.mappings.findOneBy({ tenantId, normalizedName });
  }

  /** The Sedna hotel mapped to this matching key, or null. */
  async mappedHotelOf(tenantId: string, normalizedName: string): Promise<MappedHotel | null> {
    const row = await this.mappings.findOne({
      select: { sednaHotelId: true, sednaHotelName: true },
      where: { tenantId, normalizedName },
    });
    return row ? { sednaHotelId: row.sednaHotelId, sednaHotelName: row.sednaHotelName } : null;
  }

  /** Inserts the mapping unless its key is taken; false when it was (nothing is written). */
  async insert(tenantId: string, fields: MappingFields): Promise<boolean> {
    const inserted = await this.mappings
      .createQueryBuilder()
      .insert()
      .values({ tenantId, ...fields })
      .orIgnore()
      .returning('id')
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  /** Overwrites the mapping; fails as isKeyTaken says when another mapping holds the key. */
  async update(tenantId: string, id: number, fields: MappingFields): Promise<void> {
    await this.mappings.update({ tenantId, id }, fields);
  }

  /** Of a failed update: whether another mapping holds the key (the unique key refused it). */
  static isKeyTaken(err: unknown): boolean {
    return (err as { code?: string }).code === '23505';
  }

  /** Deletes the mapping; false when there was none. */
  async delete(tenantId: string, id: number): Promise<boolean> {
    const { affected } = await this.mappings.delete({ tenantId, id });
    return Boolean(affected);
  }
}
