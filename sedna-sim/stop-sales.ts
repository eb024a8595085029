/** Stop sales and Sedna's two-phase UpdateStopSale: header first, children against its RecId. */
import {
  BusinessError,
  ServerError,
  field,
  isMidnight,
  isObject,
  optionalInt,
  optionalText,
  requireInt,
} from './model-binding';
import { findHotel, isBoard, isRoomType } from './reference-data';

export interface StopSaleHeader {
  RecId: number;
  HotelId: number;
  BeginDate: string;
  EndDate: string;
  DeclareDate: string;
  Active: number;
  State: number;
  RecordSource: number;
  RecordUser: string | null;
  StopType: number;
  Authority: number;
  RoomRemark: string | null;
  OperatorRemark: string;
  BoardRemark: string | null;
}

export type StopSaleChild = Record<string, number>;

export interface StopSaleChildren {
  StopSaleRooms: StopSaleChild[];
  StopSaleOperators: StopSaleChild[];
  StopSaleBoards: StopSaleChild[];
  StopSaleMarkets: StopSaleChild[];
}

export interface StopSaleRecord extends StopSaleHeader, StopSaleChildren {
  agency: string;
  phase2Calls: number;
}

export interface StopSaleFilter {
  hotelId?: number;
  stopDateBegin?: string;
  stopDateEnd?: string;
  recordDateBegin?: string;
  recordDateEnd?: string;
}

type ChildList = keyof StopSaleChildren;

const FIRST_REC_ID = 823259;
const DEFAULT_AUTHORITY = 207;

const CHILD_ID_FIELDS: Record<ChildList, string> = {
  StopSaleRooms: 'RoomTypeId',
  StopSaleOperators: 'OperatorId',
  StopSaleBoards: 'BoardId',
  StopSaleMarkets: 'MarketId',
};
const CHILD_LISTS = Object.keys(CHILD_ID_FIELDS) as ChildList[];

export class StopSaleBook {
  private readonly records = new Map<number, StopSaleRecord>();
  private nextRecId = FIRST_REC_ID;

  create(header: Omit<StopSaleHeader, 'RecId'>, agency: string): StopSaleRecord {
    const record: StopSaleRecord = {
      RecId: this.nextRecId++,
      ...header,
      StopSaleRooms: [],
      StopSaleOperators: [],
      StopSaleBoards: [],
      StopSaleMarkets: [],
      agency,
      phase2Calls: 0,
    };
    this.records.set(record.RecId, record);
    return record;
  }

  /** A header is only visible to the agency that created it. */
  find(recId: number, agency: string): StopSaleRecord | undefined {
    const record = this.records.get(recId);
    return record?.agency === agency ? record : undefined;
  }

  list(agency: string, filter: StopSaleFilter): StopSaleHeader[] {
    return [...this.records.values()]
      .filter((r) => r.agency === agency && matchesFilter(r, filter))
      .map(headerOf);
  }

  all(): StopSaleRecord[] {
    return [...this.records.values()];
  }

  /** Drift for tests (control API): the record is gone, as if deleted in Sedna's UI. */
  remove(recId: number): boolean {
    return this.records.delete(recId);
  }

  clear(): void {
    this.records.clear();
    this.nextRecId = FIRST_REC_ID;
  }
}

export function isPhase1(body: unknown): boolean {
  const recId = field(body, 'RecId');
  return recId === undefined || recId === null || recId === 0 || recId === '0';
}

/** Phase 1: validate and create the header; the RecId it gets is what Phase 2 must quote. */
export function createStopSale(
  book: StopSaleBook,
  body: unknown,
  agency: string,
  hotelIdShift = 0,
): StopSaleRecord {
  rejectPhase1Children(body);
  return book.create(readHeader(body, hotelIdShift), agency);
}

/**
 * Header fields an update with a RecId rewrites (UpdateStopSale saves the record it is sent):
 * all but the hotel and the dates, which it refuses to change, and the DeclareDate and
 * RecordUser that identify a header (a client re-finds its own by them).
 */
const UPDATED_BY_PHASE2 = [
  'StopType',
  'RoomRemark',
  'BoardRemark',
  'OperatorRemark',
  'Authority',
  'Active',
  'State',
] as const;

/**
 * Phase 2: attach the children to the header Phase 1 created, and save its header fields
 * (UPDATED_BY_PHASE2) again; repeating it is harmless.
 */
export function completeStopSale(
  book: StopSaleBook,
  body: unknown,
  agency: string,
  isOperator: (id: number) => boolean,
  hotelIdShift = 0,
): StopSaleRecord {
  const recId = requireInt(body, 'RecId');
  const record = book.find(recId, agency);
  if (!record) throw new BusinessError(`Stop sale ${recId} not found`);
  const children = readChildren(body, recId, isOperator);
  const header = readHeader(body, hotelIdShift);
  checkSameHeader(record, header);
  Object.assign(record, children);
  for (const name of UPDATED_BY_PHASE2)
    (record as unknown as Record<string, unknown>)[name] = header[name];
  record.phase2Calls += 1;
  return record;
}

/** Header fields the control API may change on a stored record (drift for tests). */
const CHANGEABLE = ['BeginDate', 'EndDate', 'StopType', 'RoomRemark', 'BoardRemark'] as const;

/**
 * Drift for tests: changes header fields of a stored record in place, as an edit in Sedna's UI
 * would, validated as Phase 1 validates them. Returns the record.
 */
export function changeStopSale(book: StopSaleBook, recId: number, patch: unknown): StopSaleRecord {
  const record = book.all().find((r) => r.RecId === recId);
  if (!record) throw new BusinessError(`Stop sale ${recId} not found`);
  const merged = { ...headerOf(record), ...(isObject(patch) ? patch : {}) };
  const header = readHeader(merged, 0, () => true);
  for (const name of CHANGEABLE)
    (record as unknown as Record<string, unknown>)[name] = header[name];
  return record;
}

/**
 * Drift for tests: a header stored as if someone created it in Sedna's UI (no Phase 1 request is
 * counted), validated as Phase 1 validates one.
 */
export function seedStopSale(
  book: StopSaleBook,
  body: unknown,
  agency: string,
  hotelIdShift = 0,
): StopSaleRecord {
  return book.create(readHeader(body, hotelIdShift), agency);
}

/** Validates the header fields both phases carry. */
function readHeader(
  body: unknown,
  hotelIdShift: number,
  isHotel = (id: number) => findHotel(id, hotelIdShift) !== undefined,
): Omit<StopSaleHeader, 'RecId'> {
  if (!isObject(body)) throw new BusinessError('Request body is required');
  const HotelId = requireInt(body, 'HotelId');
  if (!isHotel(HotelId)) throw new BusinessError(`Hotel ${HotelId} not found`);
  const BeginDate = requireMidnight(body, 'BeginDate');
  const EndDate = requireMidnight(body, 'EndDate');
  if (EndDate < BeginDate) throw new BusinessError('EndDate must not be before BeginDate');
  const StopType = optionalInt(body, 'StopType', 0);
  if (StopType !== 0 && StopType !== 1) throw new BusinessError('StopType must be 0 or 1');
  return {
    HotelId,
    BeginDate,
    EndDate,
    DeclareDate: readDeclareDate(body),
    Active: optionalInt(body, 'Active', 0),
    State: optionalInt(body, 'State', 1),
    RecordSource: optionalInt(body, 'RecordSource', 0),
    RecordUser: optionalText(body, 'RecordUser'),
    StopType,
    Authority: optionalInt(body, 'Authority', DEFAULT_AUTHORITY),
    RoomRemark: optionalText(body, 'RoomRemark'),
    OperatorRemark: readOperatorRemark(body),
    BoardRemark: optionalText(body, 'BoardRemark'),
  };
}

function requireMidnight(body: unknown, name: string): string {
  const value = field(body, name);
  if (!isMidnight(value)) throw new BusinessError(`${name} must be in yyyy-MM-ddT00:00:00 format`);
  return value;
}

/** Kept verbatim: a client re-finds its own header after a lost response by this value. */
function readDeclareDate(body: unknown): string {
  const value = optionalText(body, 'DeclareDate');
  if (value === null) return new Date().toISOString().slice(0, 19);
  if (Number.isNaN(Date.parse(value))) throw new BusinessError('DeclareDate is not a valid date');
  return value;
}

// Sedna's UI hides an operator remark that does not end with a comma.
function readOperatorRemark(body: unknown): string {
  const value = optionalText(body, 'OperatorRemark');
  if (value === null || !value.endsWith(',')) {
    throw new BusinessError('OperatorRemark must end with a comma');
  }
  return value;
}

/** Phase 1 must carry no children: Sedna fails saving them before the header has an id. */
function rejectPhase1Children(body: unknown): void {
  const list = CHILD_LISTS.find((name) => childArray(body, name).length > 0);
  if (list) {
    throw new ServerError(
      `An error occurred while updating the entries. ${list} reference a StopSale that does not exist yet.`,
      'System.Data.Entity.Infrastructure.DbUpdateException',
    );
  }
}

function checkSameHeader(record: StopSaleRecord, header: Omit<StopSaleHeader, 'RecId'>): void {
  for (const name of ['HotelId', 'BeginDate', 'EndDate'] as const) {
    if (record[name] !== header[name]) {
      throw new BusinessError(
        `${name} ${header[name]} does not match stop sale ${record.RecId} (${record[name]})`,
      );
    }
  }
}

function readChildren(
  body: unknown,
  recId: number,
  isOperator: (id: number) => boolean,
): StopSaleChildren {
  const exists: Record<ChildList, (id: number) => boolean> = {
    StopSaleRooms: isRoomType,
    StopSaleOperators: isOperator,
    StopSaleBoards: isBoard,
    StopSaleMarkets: () => true,
  };
  const read = (list: ChildList) =>
    childArray(body, list).map((child, i) =>
      readChild(child, `${list}[${i}]`, list, recId, exists[list]),
    );
  return {
    StopSaleRooms: read('StopSaleRooms'),
    StopSaleOperators: read('StopSaleOperators'),
    StopSaleBoards: read('StopSaleBoards'),
    StopSaleMarkets: read('StopSaleMarkets'),
  };
}

function readChild(
  child: unknown,
  at: string,
  list: ChildList,
  recId: number,
  exists: (id: number) => boolean,
): StopSaleChild {
  if (!isObject(child)) throw new BusinessError(`${at} must be an object`);
  const stopSaleId = requireInt(child, 'StopSaleId', `${at}.StopSaleId`);
  if (stopSaleId !== recId) {
    throw new BusinessError(`${at}.StopSaleId ${stopSaleId} does not match RecId ${recId}`);
  }
  const idField = CHILD_ID_FIELDS[list];
  const id = requireInt(child, idField, `${at}.${idField}`);
  if (!exists(id)) throw new BusinessError(`${at}.${idField} ${id} not found`);
  return { [idField]: id, State: optionalInt(child, 'State', 1), StopSaleId: stopSaleId };
}

function childArray(body: unknown, list: ChildList): unknown[] {
  const value = field(body, list);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BusinessError(`${list} must be an array`);
  return value;
}

function matchesFilter(record: StopSaleRecord, filter: StopSaleFilter): boolean {
  const declared = record.DeclareDate.slice(0, 10);
  return (
    (filter.hotelId === undefined || record.HotelId === filter.hotelId) &&
    overlaps(record, filter.stopDateBegin, filter.stopDateEnd) &&
    (filter.recordDateBegin === undefined || declared >= filter.recordDateBegin) &&
    (filter.recordDateEnd === undefined || declared <= filter.recordDateEnd)
  );
}

/** Inclusive day-range overlap between a stop sale and an optional [from, to]. */
export function overlaps(record: StopSaleHeader, from?: string, to?: string): boolean {
  return (
    (to === undefined || record.BeginDate.slice(0, 10) <= to) &&
    (from === undefined || record.EndDate.slice(0, 10) >= from)
  );
}

export function headerOf(record: StopSaleRecord): StopSaleHeader {
  const { RecId, HotelId, BeginDate, EndDate, DeclareDate, RecordUser, StopType } = record;
  const { Active, State, RecordSource, Authority, RoomRemark, OperatorRemark, BoardRemark } =
    record;
  return {
    RecId,
    HotelId,
    BeginDate,
    EndDate,
    DeclareDate,
    Active,
    State,
    RecordSource,
    RecordUser,
    StopType,
    Authority,
    RoomRemark,
    OperatorRemark,
    BoardRemark,
  };
}
