import { ITEM_ERROR_CODES, type ItemErrorCode, type ItemErrorDetails } from '../temporal/contract';
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

/** Mapping table first, then the exact normalised name among active hotels. */
export function resolveHotelId(
  name: string,
  mappedId: number | null,
  hotels: SednaHotel[],
): number {
  if (mappedId !== null) return mappedId;
  const active = hotels.filter((h) => h.isActive);
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
