/** Reservations inserted through InsertReservation (one array element per room). */
import {
  BusinessError,
  JsonObject,
  canonicalize,
  field,
  isDay,
  isObject,
  requireInt,
} from './model-binding';
import { findHotel, isBoard, isRoomType } from './reference-data';

export interface SimReservation {
  RecId: number;
  voucher: string;
  SourceId: string | null;
  OperatorId: number;
  agency: string;
  status: 'active' | 'cancelled';
  rooms: JsonObject[];
}

export interface ReservationFilter {
  voucherNo?: string;
  sourceId?: string;
}

const FIRST_REC_ID = 2_450_001;

const ROOM_FIELDS = [
  'CheckinDate',
  'CheckOutDate',
  'HotelId',
  'RoomTypeId',
  'BoardId',
  'OperatorId',
  'Adult',
  'Child',
  'Customers',
  'Voucher',
  'SourceId',
  'SaleDate',
  'Amount',
  'ContractId',
  'HotelRemark',
  'ReservationRemark',
  'Code1',
  'Code2',
  'Code3',
  'IsReservationChanged',
  'IsBabyFree',
  'CheckContract',
];
const CUSTOMER_FIELDS = [
  'Title',
  'FirstName',
  'LastName',
  'BirthDate',
  'Age',
  'PassNo',
  'PassSerial',
  'Nationality',
  'NationalityId',
  'IsArrivalTransfer',
  'IsDepartureTransfer',
];
const TITLES = ['Mr', 'Mrs', 'Grp', 'Chd', 'Inf'];

export class ReservationBook {
  private readonly records: SimReservation[] = [];
  private nextRecId = FIRST_REC_ID;

  insert(fields: Omit<SimReservation, 'RecId' | 'status'>): SimReservation {
    const record: SimReservation = { RecId: this.nextRecId++, ...fields, status: 'active' };
    this.records.push(record);
    return record;
  }

  /** Vouchers are unique per operator, whichever of its agencies booked them. */
  byVoucher(voucher: string, operatorId: number): SimReservation[] {
    return this.records.filter((r) => r.voucher === voucher && r.OperatorId === operatorId);
  }

  list(agency: string, filter: ReservationFilter): SimReservation[] {
    return this.records.filter(
      (r) =>
        r.agency === agency &&
        (filter.voucherNo === undefined || r.voucher === filter.voucherNo) &&
        (filter.sourceId === undefined || r.SourceId === filter.sourceId),
    );
  }

  bySourceId(sourceId: string, operatorId: number): SimReservation | undefined {
    return this.records.find((r) => r.SourceId === sourceId && r.OperatorId === operatorId);
  }

  all(): SimReservation[] {
    return this.records;
  }

  /** Drift for tests (control API): the reservation is gone, as if deleted in Sedna's UI. */
  remove(recId: number): boolean {
    const at = this.records.findIndex((r) => r.RecId === recId);
    if (at >= 0) this.records.splice(at, 1);
    return at >= 0;
  }

  clear(): void {
    this.records.length = 0;
    this.nextRecId = FIRST_REC_ID;
  }
}

/** Validates an InsertReservation body and returns its rooms with canonical field names. */
export function readRooms(
  body: unknown,
  voucher: string,
  isOperator: (id: number) => boolean,
  hotelIdShift = 0,
): JsonObject[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new BusinessError('Request body must be a non-empty array of rooms');
  }
  return body.map((room: unknown, i) =>
    readRoom(room, `Room ${i + 1}`, voucher, isOperator, hotelIdShift),
  );
}

function readRoom(
  room: unknown,
  at: string,
  voucher: string,
  isOperator: (id: number) => boolean,
  hotelIdShift: number,
): JsonObject {
  if (!isObject(room)) throw new BusinessError(`${at}: must be an object`);
  checkStay(room, at);
  // Bound as numbers, as Web API would, so stored rooms compare cleanly.
  const ids = {
    HotelId: readReference(room, at, 'HotelId', (id) => findHotel(id, hotelIdShift) !== undefined),
    RoomTypeId: readReference(room, at, 'RoomTypeId', isRoomType),
    BoardId: readReference(room, at, 'BoardId', isBoard),
    OperatorId: readReference(room, at, 'OperatorId', isOperator),
    Adult: readCount(room, at, 'Adult', 1),
    Child: readCount(room, at, 'Child', 0),
  };
  const roomVoucher = field(room, 'Voucher');
  if (roomVoucher !== undefined && roomVoucher !== null && String(roomVoucher) !== voucher) {
    throw new BusinessError(
      `${at}: Voucher ${String(roomVoucher)} differs from voucherNo ${voucher}`,
    );
  }
  const Customers = readCustomers(field(room, 'Customers'), at);
  return { ...canonicalize(room, ROOM_FIELDS), ...ids, Customers };
}

function checkStay(room: JsonObject, at: string): void {
  for (const name of ['CheckinDate', 'CheckOutDate']) {
    if (!isDay(field(room, name))) {
      throw new BusinessError(`${at}: ${name} is required in yyyy-MM-dd format`);
    }
  }
  if (String(field(room, 'CheckOutDate')) <= String(field(room, 'CheckinDate'))) {
    throw new BusinessError(`${at}: CheckOutDate must be after CheckinDate`);
  }
}

function readReference(
  room: JsonObject,
  at: string,
  name: string,
  exists: (id: number) => boolean,
): number {
  const id = requireInt(room, name, `${at}: ${name}`);
  if (!exists(id)) throw new BusinessError(`${at}: ${name} ${id} not found`);
  return id;
}

function readCount(room: JsonObject, at: string, name: string, min: number): number {
  const count = requireInt(room, name, `${at}: ${name}`);
  if (count < min) throw new BusinessError(`${at}: ${name} must be at least ${min}`);
  return count;
}

function readCustomers(value: unknown, at: string): JsonObject[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BusinessError(`${at}: Customers is required and must be a non-empty array`);
  }
  return value.map((customer: unknown, i) => readCustomer(customer, `${at}: Customers[${i}]`));
}

function readCustomer(customer: unknown, at: string): JsonObject {
  if (!isObject(customer)) throw new BusinessError(`${at} must be an object`);
  const title = String(field(customer, 'Title') ?? '').toLowerCase();
  if (!TITLES.some((t) => t.toLowerCase() === title)) {
    throw new BusinessError(`${at}.Title must be one of ${TITLES.join(', ')}`);
  }
  for (const name of ['FirstName', 'LastName']) {
    const value = field(customer, name);
    if (typeof value !== 'string' || value.trim() === '') {
      throw new BusinessError(`${at}.${name} is required`);
    }
  }
  const birthDate = field(customer, 'BirthDate');
  if (birthDate !== undefined && birthDate !== null && birthDate !== '' && !isDay(birthDate)) {
    throw new BusinessError(`${at}.BirthDate must be in yyyy-MM-dd format`);
  }
  return canonicalize(customer, CUSTOMER_FIELDS);
}

/** How Sedna's own reservation lookups present a reservation. */
export function sednaView(record: SimReservation): JsonObject {
  const first = record.rooms[0];
  return {
    RecId: record.RecId,
    Voucher: record.voucher,
    SourceId: record.SourceId,
    OperatorId: record.OperatorId,
    HotelId: first.HotelId,
    CheckinDate: first.CheckinDate,
    CheckOutDate: first.CheckOutDate,
    Status: record.status === 'active' ? 'Active' : 'Cancelled',
    Rooms: record.rooms,
  };
}

/** The control API's view: everything stored, customers flattened for easy assertions. */
export function simView(record: SimReservation): JsonObject {
  return { ...record, customers: record.rooms.flatMap((room) => room.Customers as JsonObject[]) };
}

/** Room fields the control API may change on every room of a stored reservation. */
const CHANGEABLE_ROOM_FIELDS = [
  'CheckinDate',
  'CheckOutDate',
  'RoomTypeId',
  'BoardId',
  'Adult',
  'Child',
];

/**
 * Drift for tests: changes a stored reservation in place, as an edit in Sedna's UI would:
 * `status` (`active`/`cancelled`) and the room fields above, on every room. Returns the record.
 */
export function changeReservation(
  book: ReservationBook,
  recId: number,
  patch: JsonObject,
): SimReservation {
  const record = book.all().find((r) => r.RecId === recId);
  if (!record) throw new BusinessError(`Reservation ${recId} not found`);
  const status = field(patch, 'status');
  if (status !== undefined && status !== 'active' && status !== 'cancelled') {
    throw new BusinessError('status must be active or cancelled');
  }
  const rooms = record.rooms.map((room) => {
    const next = { ...room };
    for (const name of CHANGEABLE_ROOM_FIELDS) {
      const value = field(patch, name);
      if (value !== undefined) next[name] = value;
    }
    return next;
  });
  for (const room of rooms) checkStay(room, 'Room');
  record.rooms = rooms;
  if (status !== undefined) record.status = status;
  return record;
}
