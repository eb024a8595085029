import { ApiError, type ApiClient } from '../api/client';
import type { HotelMapping } from '../api/types';

/** The API's code for a name another mapping holds (its `existing` names that mapping). */
const HOTEL_NAME_TAKEN = 'HOTEL_NAME_TAKEN';

/** A create either saved the mapping or found the name already mapped (nothing changed then). */
export type CreateOutcome = { saved: HotelMapping } | { conflict: HotelMapping };

/** POST never overwrites: a name already mapped comes back as the mapping that holds it. */
export async function createHotelMapping(
  api: ApiClient,
  hotelName: string,
  sednaHotelId: number,
): Promise<CreateOutcome> {
  try {
    const saved = await api.send<HotelMapping>('POST', '/api/hotel-mappings', {
      hotel_name: hotelName,
      sedna_hotel_id: sednaHotelId,
    });
    return { saved };
  } catch (err) {
    const existing =
      err instanceof ApiError && err.code === HOTEL_NAME_TAKEN
        ? (err.body as { existing?: HotelMapping } | undefined)?.existing
        : undefined;
    if (existing) return { conflict: existing };
    throw err;
  }
}

/** The explicit overwrite of one mapping, after the user confirmed it. */
export function replaceHotelMapping(
  api: ApiClient,
  mappingId: number,
  hotelName: string,
  sednaHotelId: number,
): Promise<HotelMapping> {
  return api.send<HotelMapping>('PUT', `/api/hotel-mappings/${mappingId}`, {
    hotel_name: hotelName,
    sedna_hotel_id: sednaHotelId,
  });
}

/** "Grand Paradise Resort (31)", or the id alone when Sedna's name is not known. */
export function sednaHotelLabel(
  mapping: Pick<HotelMapping, 'sedna_hotel_id' | 'sedna_hotel_name'>,
) {
  return mapping.sedna_hotel_name
    ? `${mapping.sedna_hotel_name} (${mapping.sedna_hotel_id})`
    : `Sedna hotel ${mapping.sedna_hotel_id}`;
}
