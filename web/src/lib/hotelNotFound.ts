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

/** The unknown hotel of a failed item, read from its data (code HOTEL_NOT_FOUND); else null. */
export function hotelNotFoundOf(item: ItemErrorData): HotelNotFound | null {
  if (item.code !== 'HOTEL_NOT_FOUND' || !item.hotel_name) return null;
  return {
    hotelName: item.hotel_name,
    candidates: (item.candidates ?? []).map((c) => ({
      name: c.name,
      sednaHotelId: c.sedna_hotel_id,
    })),
  };
}
