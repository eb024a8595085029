/** Seeded Sedna reference data; exported so tests elsewhere can build inputs from it. */

export interface SimAgency {
  username: string;
  password: string;
  operatorId: number;
  operatorCode: string;
}

export interface SednaHotel {
  RecId: number;
  Name: string;
  Code: string;
  RegionId: number;
  RegionName: string;
  IsActive: boolean;
}

export interface SednaRoomType {
  RoomTypeId: number;
  Code: string;
  Name: string;
}

export interface SednaHotelRoomType {
  HotelId: number;
  RecId: number;
  Code: string;
  Name: string;
}

export interface SednaBoard {
  BoardId: number;
  Code: string;
  Name: string;
}

export interface SednaNamedItem {
  RecId: number;
  Name: string;
  Code: string;
}

export const DEMO_AGENCY: SimAgency = {
  username: 'demo',
  password: 'demo-pass',
  operatorId: 571,
  operatorCode: '7STAR',
};

export const ROOM_TYPES: readonly SednaRoomType[] = [
  { RoomTypeId: 63, Code: 'STDSV', Name: 'Standard Room Sea View' },
  { RoomTypeId: 64, Code: 'STD', Name: 'Standard Room' },
  { RoomTypeId: 1364, Code: 'DBL', Name: 'Double Room' },
  { RoomTypeId: 1389, Code: 'SGL', Name: 'Single Room' },
  { RoomTypeId: 1390, Code: 'TRP', Name: 'Triple Room' },
  { RoomTypeId: 1391, Code: 'TWN', Name: 'Twin Room' },
  { RoomTypeId: 1392, Code: 'DLX', Name: 'Deluxe Room' },
  { RoomTypeId: 15730, Code: 'FAM', Name: 'Family Room' },
  { RoomTypeId: 15731, Code: 'SUI', Name: 'Suite' },
  { RoomTypeId: 15732, Code: 'STDLV', Name: 'Standard Room Land View' },
  { RoomTypeId: 15733, Code: 'JSUI', Name: 'Junior Suite' },
  { RoomTypeId: 15734, Code: 'VILLA', Name: 'Villa' },
];

export const BOARDS: readonly SednaBoard[] = [
  { BoardId: 1, Code: 'AI', Name: 'All Inclusive' },
  { BoardId: 2, Code: 'FB', Name: 'Full Board' },
  { BoardId: 3, Code: 'UAI', Name: 'Ultra All Inclusive' },
  { BoardId: 4, Code: 'HB', Name: 'Half Board' },
  { BoardId: 5, Code: 'BB', Name: 'Bed & Breakfast' },
  { BoardId: 6, Code: 'RO', Name: 'Room Only' },
];

export const COUNTRIES: readonly SednaNamedItem[] = [
  { RecId: 1, Name: 'Turkey', Code: 'TR' },
  { RecId: 2, Name: 'Germany', Code: 'DE' },
  { RecId: 3, Name: 'United Kingdom', Code: 'GB' },
  { RecId: 4, Name: 'Russia', Code: 'RU' },
  { RecId: 5, Name: 'Netherlands', Code: 'NL' },
  { RecId: 6, Name: 'Poland', Code: 'PL' },
  { RecId: 7, Name: 'Ukraine', Code: 'UA' },
];

export const OPERATORS: readonly SednaNamedItem[] = [
  { RecId: 571, Name: '7 Star Travel', Code: '7STAR' },
  { RecId: 3, Name: 'Sun Express Tours', Code: 'SUNEX' },
];

const REGIONS: Record<number, string> = {
  1: 'Lara',
  2: 'Kemer',
  3: 'Belek',
  4: 'Side',
  5: 'Alanya',
  6: 'Bodrum',
  7: 'Marmaris',
  8: 'Fethiye',
  9: 'Kusadasi',
  10: 'Antalya',
};

// [RecId, Name, Code, RegionId, IsActive, room codes]; near-duplicate names are deliberate so
// clients have to cope with fuzzy hotel-name matching.
type HotelSeed = [number, string, string, number, boolean, string];
const HOTEL_SEEDS: readonly HotelSeed[] = [
  [18, 'Mandarin Resort', 'MANDRN', 4, true, 'STDSV DBL SGL TRP FAM SUI'],
  [25, 'Grand Resort Antalya', 'GRANT', 1, true, 'STD DBL SGL TRP FAM SUI'],
  [31, 'Grand Paradise Resort', 'GPARA', 3, true, 'DBL SGL TRP FAM DLX'],
  [47, 'Sunrise Beach Hotel', 'SUNRB', 5, true, 'STD DBL SGL TWN'],
  [52, 'Grand Park Lara', 'GPLAR', 1, true, 'STD DBL TRP FAM SUI'],
  [64, 'Mandarin Garden Hotel', 'MANGAR', 2, true, 'STD DBL SGL'],
  [77, 'Lara Sunset Hotel', 'LSUNS', 1, true, 'STD DBL SGL TRP'],
  [83, 'Belek Golf Resort & Spa', 'BGOLF', 3, true, 'DBL DLX FAM SUI VILLA'],
  [96, 'Kemer Pine Beach Hotel', 'KPINE', 2, true, 'STD STDSV DBL TRP'],
  [104, 'Side Star Resort', 'SSTAR', 4, true, 'STDLV STDSV DBL FAM'],
  [112, 'Alanya Palm Beach Hotel', 'APALM', 5, true, 'STD DBL SGL TRP'],
  [125, 'Bodrum Bay Resort', 'BBAY', 6, true, 'DBL DLX JSUI SUI'],
  [131, 'Marmaris Marina Hotel', 'MMAR', 7, true, 'STD DBL TWN'],
  [146, 'Fethiye Lagoon Resort', 'FLAG', 8, true, 'DBL TRP FAM'],
  [158, 'Kusadasi Aqua Resort', 'KAQUA', 9, true, 'STD DBL FAM SUI'],
  [163, 'Olympos Beach Club', 'OLYMP', 2, true, 'STD DBL'],
  [177, 'Konyaalti Seaside Hotel', 'KSEAS', 10, true, 'STD STDSV DBL SGL'],
  [189, 'Royal Palm Resort & Spa', 'RPALM', 3, true, 'DBL DLX FAM JSUI VILLA'],
  [194, 'Blue Lagoon Hotel', 'BLAG', 8, true, 'STD DBL TRP'],
  [203, 'Side Crown Palace', 'SCROWN', 4, true, 'DBL DLX SUI'],
  [217, 'Alanya Castle View Hotel', 'ACAST', 5, true, 'STD DBL SGL'],
  [226, 'Bodrum Windmill Suites', 'BWIND', 6, true, 'JSUI SUI'],
  [238, 'Icmeler Beach Hotel', 'ICMB', 7, true, 'STD DBL TRP TWN'],
  [245, 'Oludeniz Paradise Hotel', 'OLPAR', 8, true, 'STD DBL FAM'],
  [259, 'Ephesus Princess Resort', 'EPHPR', 9, true, 'DBL TRP FAM SUI'],
  [264, 'Belek Sunrise Resort', 'BSUNR', 3, true, 'DBL FAM SUI'],
  [271, 'Old Town Antalya Hotel', 'OLDTWN', 10, false, 'STD DBL'],
  [283, 'Kemer Club Resort', 'KCLUB', 2, false, 'STD DBL FAM'],
  [296, 'Side Old Garden Hotel', 'SOGAR', 4, false, 'STD DBL'],
  [305, 'Grand Resort Kemer', 'GRKEM', 2, false, 'DBL TRP FAM'],
  // Names in other scripts: hotel matching must count every letter (SPEC §9).
  [312, 'Club Alanya Hotel', 'CALAN', 5, true, 'STD DBL SGL'],
  [318, 'Гранд Отель Кемер', 'GOKEM', 2, true, 'STD DBL TRP'],
  [324, 'فندق شاطئ الشمس', 'SHAMS', 10, true, 'STD DBL'],
  [331, 'Ξενοδοχείο Ήλιος', 'HELIO', 6, true, 'STD DBL'],
  [337, 'Kızılağaç Otel', 'KIZIL', 4, true, 'STD DBL FAM'],
];

export const HOTELS: readonly SednaHotel[] = HOTEL_SEEDS.map(
  ([RecId, Name, Code, RegionId, IsActive]) => ({
    RecId,
    Name,
    Code,
    RegionId,
    RegionName: REGIONS[RegionId],
    IsActive,
  }),
);

export const HOTEL_ROOM_TYPES: readonly SednaHotelRoomType[] = HOTEL_SEEDS.flatMap(
  ([HotelId, , , , , codes]) => codes.split(' ').map((code) => hotelRoomType(HotelId, code)),
);

function hotelRoomType(HotelId: number, code: string): SednaHotelRoomType {
  const room = ROOM_TYPES.find((r) => r.Code === code);
  if (!room) throw new Error(`Seed error: unknown room code ${code}`);
  return { HotelId, RecId: room.RoomTypeId, Code: room.Code, Name: room.Name };
}

/**
 * The hotels as a simulator whose ids are shifted by `hotelIdShift` lists them (config
 * `hotelIdShift`): another Sedna that lists the same hotels under other ids, as two real
 * installations do (the tests of a tenant moving from one Sedna to another).
 */
export function hotelsOf(hotelIdShift = 0): readonly SednaHotel[] {
  return hotelIdShift ? HOTELS.map((h) => ({ ...h, RecId: h.RecId + hotelIdShift })) : HOTELS;
}

/** The hotel rooms of hotelsOf(hotelIdShift). */
export function hotelRoomTypesOf(hotelIdShift = 0): readonly SednaHotelRoomType[] {
  return hotelIdShift
    ? HOTEL_ROOM_TYPES.map((r) => ({ ...r, HotelId: r.HotelId + hotelIdShift }))
    : HOTEL_ROOM_TYPES;
}

export function findHotel(id: number, hotelIdShift = 0): SednaHotel | undefined {
  return HOTELS.find((h) => h.RecId + hotelIdShift === id);
}

export function isRoomType(id: number): boolean {
  return ROOM_TYPES.some((r) => r.RoomTypeId === id);
}

export function isBoard(id: number): boolean {
  return BOARDS.some((b) => b.BoardId === id);
}
