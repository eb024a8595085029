import type { DataSource, EntityManager } from 'typeorm';
import type { MappedHotel } from '../sedna/reference-resolver';

/** A `hotel_mappings` row. */
export interface HotelMappingRow {
  id: number;
  tenant_id: string;
  /** The name as written in e-mails. */
  hotel_name: string;
  /** normaliseHotelName(hotel_name); unique per tenant. */
  normalized_name: string;
  sedna_hotel_id: number;
  /**
   * The name Sedna listed under `sedna_hotel_id` when the mapping was saved: a Sedna that lists
   * the id under another name, or not at all, makes the mapping stale (reference-resolver.ts).
   */
  sedna_hotel_name: string | null;
  created_at: Date;
}

/** What a mapping says: an e-mail hotel name, its matching key and the Sedna hotel. */
export type MappingFields = Pick<
  HotelMappingRow,
  'hotel_name' | 'normalized_name' | 'sedna_hotel_id'
> & {
  /** The name Sedna lists the hotel under, as checked when saving. */
  sedna_hotel_name: string;
};

/** A mapping as name resolution reads it. */
export function mappedHotel(row: HotelMappingRow): MappedHotel {
  return { sednaHotelId: row.sedna_hotel_id, sednaHotelName: row.sedna_hotel_name };
}

const COLUMNS =
  'id, tenant_id, hotel_name, normalized_name, sedna_hotel_id, sedna_hotel_name, created_at';

/**
 * The hotel-mapping aggregate's table, `hotel_mappings`: every read and write of it, by the
 * mappings API and the worker's name resolution, in SQL with typed rows; a column name is
 * written here only.
 */
export class HotelMappingsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The tenant's mappings by matching key. */
  list(tenantId: string): Promise<HotelMappingRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM hotel_mappings WHERE tenant_id = $1 ORDER BY normalized_name`,
      [tenantId],
    );
  }

  async find(tenantId: string, id: number): Promise<HotelMappingRow | null> {
    const [row]: HotelMappingRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM hotel_mappings WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row ?? null;
  }

  /** The tenant's mapping of this matching key, or null. */
  async findByKey(tenantId: string, normalizedName: string): Promise<HotelMappingRow | null> {
    const [row]: HotelMappingRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM hotel_mappings WHERE tenant_id = $1 AND normalized_name = $2`,
      [tenantId, normalizedName],
    );
    return row ?? null;
  }

  /** The Sedna hotel mapped to this matching key, or null. */
  async mappedHotelOf(tenantId: string, normalizedName: string): Promise<MappedHotel | null> {
    const row = await this.findByKey(tenantId, normalizedName);
    return row ? mappedHotel(row) : null;
  }

  /** Inserts the mapping unless its key is taken; false when it was (nothing is written). */
  async insert(tenantId: string, fields: MappingFields): Promise<boolean> {
    const rows: { id: number }[] = await this.db.query(
      `INSERT INTO hotel_mappings
         (tenant_id, hotel_name, normalized_name, sedna_hotel_id, sedna_hotel_name)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [
        tenantId,
        fields.hotel_name,
        fields.normalized_name,
        fields.sedna_hotel_id,
        fields.sedna_hotel_name,
      ],
    );
    return rows.length > 0;
  }

  /** Overwrites the mapping; fails as isKeyTaken says when another mapping holds the key. */
  async update(tenantId: string, id: number, fields: MappingFields): Promise<void> {
    await this.db.query(
      `UPDATE hotel_mappings SET hotel_name = $3, normalized_name = $4, sedna_hotel_id = $5,
         sedna_hotel_name = $6
       WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        fields.hotel_name,
        fields.normalized_name,
        fields.sedna_hotel_id,
        fields.sedna_hotel_name,
      ],
    );
  }

  /** Of a failed update: whether another mapping holds the key (the unique key refused it). */
  static isKeyTaken(err: unknown): boolean {
    return (err as { code?: string }).code === '23505';
  }

  /** Deletes the mapping; false when there was none. */
  async delete(tenantId: string, id: number): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.db.query(
      'DELETE FROM hotel_mappings WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return affected > 0;
  }
}
