import { MigrationInterface, QueryRunner } from 'typeorm';
import { rekeyHotelMappings } from './1732300000000-hotel-mapping-keys';

/**
 * Hotel mapping keys keep every word now (issue 18): the noise words (hotel, resort, spa, beach,
 * the, and) only rank candidates, so "Sunrise Spa" is no longer the key "sunrise" of "Sunrise
 * Beach Hotel"; and format characters (U+0600, tags, zero-width…) stay in the key instead of
 * being dropped. Every row is re-keyed with the current normaliseHotelName. The new keys are
 * finer than the old (an old key is a new one with words and characters taken out), so rows
 * that had distinct keys keep distinct keys: nothing is deleted but keyless rows, of which the
 * previous migration left none.
 *
 * down() restores nothing: the old keys merged names of different hotels. Code of before this
 * migration finds no mapping under the new keys, so its items fail HOTEL_NOT_FOUND (never a
 * wrong hotel) until the mappings are re-keyed by a new deploy.
 */
export class HotelMappingWordKeys1732370000000 implements MigrationInterface {
  name = 'HotelMappingWordKeys1732370000000';

  async up(db: QueryRunner): Promise<void> {
    await rekeyHotelMappings(db);
  }

  async down(): Promise<void> {
    // See above: the lossy keys are not restored.
  }
}
