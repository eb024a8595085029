export interface HotelCandidate {
  name: string;
  sednaHotelId: number;
}

export interface HotelNotFound {
  /** The hotel name as written in the e-mail: what a mapping is saved under. */
  hotelName: string;
  candidates: HotelCandidate[];
}

const PREFIX = 'Hotel not found in Sedna: ';
const CLOSEST = '; closest: ';
const CANDIDATE = /(.+?) \((\d+)\)(?:, |$)/g;

/**
 * Reads an item error such as
 * `Hotel not found in Sedna: Grand Paradise Resrt; closest: Grand Paradise Resort (31), Grand Park Lara (52)`;
 * null for any other error.
 */
export function parseHotelNotFound(error: string | null | undefined): HotelNotFound | null {
  const start = error?.indexOf(PREFIX) ?? -1;
  if (!error || start < 0) return null;
  const rest = error.slice(start + PREFIX.length);
  const split = rest.lastIndexOf(CLOSEST);
  const hotelName = (split < 0 ? rest : rest.slice(0, split)).trim();
  const candidates: HotelCandidate[] = [];
  if (split >= 0) {
    for (const match of rest.slice(split + CLOSEST.length).matchAll(CANDIDATE)) {
      candidates.push({ name: (match[1] ?? '').trim(), sednaHotelId: Number(match[2]) });
    }
  }
  return hotelName ? { hotelName, candidates } : null;
}
