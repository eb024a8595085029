import { Injectable } from '@nestjs/common';
import { normaliseHotelName } from '../../shared/hotel-name-key';
import { confusableSkeleton } from '../sedna/hotel-matching';
import { mappedHotelIn, type MappedHotel } from '../sedna/reference-resolver';
import type { SednaHotel } from '../sedna/sedna-types';
import type { HotelMapping } from '../contract/views-settings';
import { PutHotelMappingDto } from './hotel-mapping.dto';
import {
  HotelMappingsRepository,
  mappedHotel,
  type HotelMappingRow,
} from './hotel-mappings.repository';
import { SednaHotelDirectory } from './sedna-hotel-directory';
import { ProblemException, fieldProblem } from '../common/problem';
import { HotelMappingsErrorCode } from './hotel-mappings.errors';

/** The mapping, with what the current Sedna's stored hotel list (if any) says of its hotel. */
function view(row: HotelMappingRow, hotels: SednaHotel[] | undefined): HotelMapping {
  return {
    id: row.id,
    hotel_name: row.hotel_name,
    normalized_name: row.normalized_name,
    sedna_hotel_id: row.sedna_hotel_id,
    sedna_hotel_name: hotels?.find((h) => h.id === row.sedna_hotel_id)?.name ?? null,
    stale: hotels ? mappedHotelIn(mappedHotel(row), hotels) === null : null,
    created_at: row.created_at.toISOString(),
  };
}

function mappingNotFound(id: number): ProblemException {
  return new ProblemException(
    404,
    HotelMappingsErrorCode.HOTEL_MAPPING_NOT_FOUND,
    `Hotel mapping ${id} not found`,
  );
}

/** The matching key of a mapping's name, or a 400 naming `hotel_name`. */
function keyOf(hotelName: string): string {
  const key = normaliseHotelName(hotelName);
  if (!key) {
    throw fieldProblem(
      'hotel_name',
      HotelMappingsErrorCode.HOTEL_NAME_WITHOUT_KEY,
      'must contain a word (letters or digits of any script), and no private-use or ' +
        'unassigned characters',
    );
  }
  return key;
}

@Injectable()
export class HotelMappingsService {
  constructor(
    private readonly mappings: HotelMappingsRepository,
    private readonly hotels: SednaHotelDirectory,
  ) {}

  async list(tenantId: string): Promise<HotelMapping[]> {
    const [rows, hotels] = await Promise.all([
      this.mappings.list(tenantId),
      this.hotels.storedHotels(tenantId),
    ]);
    return rows.map((row) => view(row, hotels));
  }

  /**
   * One mapping per normalised name ("Mandarin Resort" and "MANDARIN RESORT!" are the same
   * hotel), to a hotel Sedna lists. A name already mapped is a 409 naming that mapping: changing
   * it takes `replace`, on purpose. A name confusable with another mapping's is a 409 too,
   * unless `confirm_confusable`.
   */
  async create(tenantId: string, dto: PutHotelMappingDto): Promise<HotelMapping> {
    const normalizedName = keyOf(dto.hotel_name);
    await this.refuseTaken(tenantId, normalizedName, dto.hotel_name);
    if (!dto.confirm_confusable) await this.refuseConfusable(tenantId, dto.hotel_name);
    const hotel = await this.hotels.requireHotel(tenantId, dto.sedna_hotel_id);
    const inserted = await this.mappings.insert(tenantId, {
      hotel_name: dto.hotel_name,
      normalized_name: normalizedName,
      sedna_hotel_id: hotel.id,
      sedna_hotel_name: hotel.name,
    });
    // Another request took the name meanwhile.
    if (!inserted) await this.refuseTaken(tenantId, normalizedName, dto.hotel_name);
    const row = await this.mappings.findByKey(tenantId, normalizedName);
    if (!row) throw new Error(`Hotel mapping of ${normalizedName} vanished after its insert`);
    return view(row, [hotel]);
  }

  /** Overwrites mapping `id` (its name and hotel); its new name must not be another's. */
  async replace(tenantId: string, id: number, dto: PutHotelMappingDto): Promise<HotelMapping> {
    const row = await this.mappings.find(tenantId, id);
    if (!row) throw mappingNotFound(id);
    const normalizedName = keyOf(dto.hotel_name);
    await this.refuseTaken(tenantId, normalizedName, dto.hotel_name, id);
    if (!dto.confirm_confusable) await this.refuseConfusable(tenantId, dto.hotel_name, id);
    const hotel = await this.hotels.requireHotel(tenantId, dto.sedna_hotel_id);
    try {
      await this.mappings.update(tenantId, id, {
        hotel_name: dto.hotel_name,
        normalized_name: normalizedName,
        sedna_hotel_id: hotel.id,
        sedna_hotel_name: hotel.name,
      });
    } catch (err) {
      // The unique key: another request took the name meanwhile.
      if (HotelMappingsRepository.isKeyTaken(err)) {
        await this.refuseTaken(tenantId, normalizedName, dto.hotel_name, id);
      }
      throw err;
    }
    const updated = await this.mappings.find(tenantId, id);
    if (!updated) throw mappingNotFound(id);
    return view(updated, [hotel]);
  }

  async remove(tenantId: string, id: number): Promise<void> {
    if (!(await this.mappings.delete(tenantId, id))) throw mappingNotFound(id);
  }

  /** The Sedna hotel mapped to this e-mail hotel name, if any; a name without a key has none. */
  async findMapping(tenantId: string, hotelName: string): Promise<MappedHotel | null> {
    const normalizedName = normaliseHotelName(hotelName);
    if (!normalizedName) return null;
    return this.mappings.mappedHotelOf(tenantId, normalizedName);
  }

  /** A 409 naming the mapping (other than `exceptId`) that holds this key, if one does. */
  private async refuseTaken(
    tenantId: string,
    normalizedName: string,
    hotelName: string,
    exceptId?: number,
  ): Promise<void> {
    const existing = await this.mappings.findByKey(tenantId, normalizedName);
    if (!existing || existing.id === exceptId) return;
    const hotels = await this.hotels.storedHotels(tenantId);
    throw new ProblemException(
      409,
      HotelMappingsErrorCode.HOTEL_NAME_TAKEN,
      `hotel_name: ${JSON.stringify(hotelName)} is already mapped by mapping ${existing.id} ` +
        `(${JSON.stringify(existing.hotel_name)} → Sedna hotel ${existing.sedna_hotel_id}); ` +
        `replace it with PUT /api/hotel-mappings/${existing.id}`,
      { existing: view(existing, hotels) },
    );
  }

  /**
   * A 409 naming the mapping (other than `exceptId`) whose name looks like this one (UTS #39
   * skeleton, see confusableSkeleton) under another key: "Mаndarin" (Cyrillic а) beside
   * "Mandarin". Mapping both is allowed, but only when the request confirms it.
   */
  private async refuseConfusable(
    tenantId: string,
    hotelName: string,
    exceptId?: number,
  ): Promise<void> {
    const key = normaliseHotelName(hotelName);
    const looks = confusableSkeleton(hotelName);
    const rows = await this.mappings.list(tenantId);
    const similar = rows.find(
      (row) =>
        row.id !== exceptId &&
        row.normalized_name !== key &&
        confusableSkeleton(row.hotel_name) === looks,
    );
    if (!similar) return;
    const hotels = await this.hotels.storedHotels(tenantId);
    throw new ProblemException(
      409,
      HotelMappingsErrorCode.HOTEL_NAME_CONFUSABLE,
      `hotel_name: ${JSON.stringify(hotelName)} is confusable with mapping ${similar.id} ` +
        `(${JSON.stringify(similar.hotel_name)} → Sedna hotel ${similar.sedna_hotel_id}): the two ` +
        `names look alike but differ; send confirm_confusable: true to map it anyway`,
      { existing: view(similar, hotels) },
    );
  }
}
