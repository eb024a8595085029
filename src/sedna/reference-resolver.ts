import {
  ITEM_ERROR_CODES,
  type ItemErrorCode,
  type ItemErrorDetails,
} from '../contract/item-errors';
import { closestHotels, findExactHotel } from './hotel-matching';
import type { SednaCode, SednaHotel } from './sedna-types';

/** The item itself is wrong for Sedna (unknown hotel or code): retrying cannot help. */
export class ItemRejectedError extends Error {
  override name = 'ItemRejectedError';

  constructor(
    message: string,
    readonly code: ItemErrorCode,
    readonly details: ItemErrorDetails = {},
  ) {
    super(message);
  }
}

/** A hotel mapping as name resolution reads it. */
export interface MappedHotel {
  sednaHotelId: number;
  /** The Sedna name the mapping was checked against; null for a mapping older than that. */
  sednaHotelName: string | null;
}

/**
 * Whether two Sedna hotel names are one: the same text (spaces around aside). Not the matching
 * key: a renamed hotel, or a look-alike, is re-confirmed by the operator, never guessed.
 */
function sameHotelName(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

/**
 * The mapping's hotel in `hotels` (the list of the Sedna the tenant has now), or null when the
 * mapping is stale there: no active hotel under its id, or one of another name (another Sedna's
 * ids), or a mapping that never recorded its hotel's name.
 */
export function mappedHotelIn(mapping: MappedHotel, hotels: SednaHotel[]): SednaHotel | null {
  const hotel = hotels.find((h) => h.id === mapping.sednaHotelId && h.isActive);
  if (!hotel || mapping.sednaHotelName === null) return null;
  return sameHotelName(hotel.name, mapping.sednaHotelName) ? hotel : null;
}

/**
 * Mapping table first (only when the current Sedna lists its hotel: a stale mapping fails the
 * item, it never falls back to a name match), then the exact normalised name among active hotels.
 */
export function resolveHotelId(
  name: string,
  mapping: MappedHotel | null,
  hotels: SednaHotel[],
): number {
  const active = hotels.filter((h) => h.isActive);
  if (mapping) {
    const hotel = mappedHotelIn(mapping, active);
    if (hotel) return hotel.id;
    const listed = hotels.find((h) => h.id === mapping.sednaHotelId);
    const why = !listed
      ? `the Sedna now configured lists no hotel ${mapping.sednaHotelId}`
      : !listed.isActive
        ? `the Sedna now configured lists hotel ${listed.id} as inactive`
        : mapping.sednaHotelName === null
          ? `it was made before mappings recorded their hotel's name; save it again`
          : `the Sedna now configured lists hotel ${listed.id} as ${JSON.stringify(listed.name)}`;
    const closest = closestHotels(name, active);
    throw new ItemRejectedError(
      `Hotel mapping of ${name} is stale (Sedna hotel ${mapping.sednaHotelId}` +
        `${mapping.sednaHotelName ? `, ${JSON.stringify(mapping.sednaHotelName)}` : ''}): ${why}; ` +
        `map the hotel again`,
      ITEM_ERROR_CODES.hotelMappingStale,
      {
        hotel_name: name,
        sedna_hotel_id: mapping.sednaHotelId,
        sedna_hotel_name: mapping.sednaHotelName,
        candidates: closest.map((h) => ({ sedna_hotel_id: h.id, name: h.name })),
      },
    );
  }
  const exact = findExactHotel(name, active);
  if (exact) return exact.id;
  const closest = closestHotels(name, active);
  const hint = closest.length
    ? `; closest: ${closest.map((h) => `${h.name} (${h.id})`).join(', ')}`
    : '';
  throw new ItemRejectedError(
    `Hotel not found in Sedna: ${name}${hint}`,
    ITEM_ERROR_CODES.hotelNotFound,
    { hotel_name: name, candidates: closest.map((h) => ({ sedna_hotel_id: h.id, name: h.name })) },
  );
}

/**
 * Every code must map to an id: a stop sale closing fewer rooms than asked is a costly error.
 * `hotelName`, the item's hotel, is named in the message: the operator fixes the code there.
 */
export function resolveCodes(
  what: 'room type' | 'board',
  codes: string[],
  list: SednaCode[],
  hotelName?: string,
): number[] {
  const byCode = new Map(list.map((entry) => [entry.code.toUpperCase(), entry.id]));
  const unknown = codes.filter((code) => !byCode.has(code.toUpperCase()));
  if (unknown.length) {
    const hotel = hotelName ? ` (hotel: ${hotelName})` : '';
    throw new ItemRejectedError(
      `Unknown ${what} code${unknown.length > 1 ? 's' : ''} in Sedna: ${unknown.join(', ')}${hotel}`,
      what === 'room type' ? ITEM_ERROR_CODES.roomTypeUnknown : ITEM_ERROR_CODES.boardUnknown,
      { codes: unknown },
    );
  }
  return codes.map((code) => byCode.get(code.toUpperCase()) as number);
}
