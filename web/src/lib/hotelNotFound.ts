import type { ItemErrorData } from '../api/types';

export interface HotelCandidate {
  name: string;
  sednaHotelId: number;
}

export interface HotelNotFound {
  /** The hotel name as written in the e-mail: what a mapping is saved under. */
  hotelName: string;
  candidates: HotelCandidate[];
}

/**
 * The hotel a failed item could not be sent to, read from its data: unknown (HOTEL_NOT_FOUND)
 * or mapped to a hotel the Sedna now configured does not list so (HOTEL_MAPPING_STALE; saving
 * the mapping again replaces it); else null.
 */
export function hotelNotFoundOf(item: ItemErrorData): HotelNotFound | null {
  if (item.code !== 'HOTEL_NOT_FOUND' && item.code !== 'HOTEL_MAPPING_STALE') return null;
  if (!item.hotel_name) return null;
  return {
    hotelName: item.hotel_name,
    candidates: (item.candidates ?? []).map((c) => ({
      name: c.name,
      sednaHotelId: c.sedna_hotel_id,
    })),
  };
}
