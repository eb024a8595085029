import { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseHotelName } from '../shared/hotel-name-key';

interface MappingRow {
  id: number;
  tenant_id: string;
  hotel_name: string;
  normalized_name: string;
}

/**
 * Re-keys every mapping with the current normaliseHotelName (what the migrations of a new key
 * function run); see HotelMappingKeys1732300000000 for the conflicts.
 */
export async function rekeyHotelMappings(db: QueryRunner): Promise<void> {
  const rows: MappingRow[] = await db.query(
    `SELECT id, tenant_id, hotel_name, normalized_name FROM hotel_mappings
     ORDER BY tenant_id, created_at DESC, id DESC`,
  );
  const kept = new Set<string>();
  const doomed: number[] = [];
  const rekeyed: { id: number; key: string }[] = [];
  for (const row of rows) {
    const key = normaliseHotelName(row.hotel_name);
    const slot = JSON.stringify([row.tenant_id, key]);
    if (!key || kept.has(slot)) {
      doomed.push(row.id);
      continue;
    }
    kept.add(slot);
    if (key !== row.normalized_name) rekeyed.push({ id: row.id, key });
  }
  if (doomed.length) await db.query(`DELETE FROM hotel_mappings WHERE id = ANY($1)`, [doomed]);
  if (!rekeyed.length) return;
  // Two steps, so that no intermediate state breaks the (tenant_id, normalized_name) key: a
  // placeholder the normalisation never produces ('#' is punctuation), then the new keys.
  const ids = rekeyed.map((r) => r.id);
  await db.query(`UPDATE hotel_mappings SET normalized_name = '#' || id WHERE id = ANY($1)`, [ids]);
  await db.query(
    `UPDATE hotel_mappings AS m SET normalized_name = k.key
     FROM unnest($1::int[], $2::text[]) AS k(id, key) WHERE m.id = k.id`,
    [ids, rekeyed.map((r) => r.key)],
  );
}

/**
 * Hotel mapping keys were computed by a normalisation that dropped every non-Latin letter
 * ("Club Отель Алания" was stored as "club", so "Club Отель Кемер" matched it). Every row is
 * re-keyed with the current normaliseHotelName, which keeps letters and digits of every script.
 *
 * Conflicts, decided deterministically per tenant:
 * - a row whose name has no key any more (nothing but noise words, or characters of unknown
 *   nature) can match nothing and is deleted;
 * - rows whose names now share a key (the old function kept e.g. "A&B" and "A B", or "Straße" and
 *   "Strasse", apart) are the same name now; the newest row (created_at, then id, highest) is
 *   kept and the others are deleted. That is what the old API did for one key: a later mapping of
 *   the same name replaced the earlier one.
 *
 * down() restores nothing: the old keys were wrong, and re-deriving them would merge mappings of
 * different hotels again.
 */
export class HotelMappingKeys1732300000000 implements MigrationInterface {
  name = 'HotelMappingKeys1732300000000';

  async up(db: QueryRunner): Promise<void> {
    await rekeyHotelMappings(db);
  }

  async down(): Promise<void> {
    // See above: the lossy keys are not restored.
  }
}
