/**
 * How the drift check compares a synced row with what Sedna shows (pure: no I/O). Each compare
 * returns the fields that differ (none: a match) and the facts compared, with the same keys on
 * both sides, for the API, the dashboard and the report.
 */
import type { DriftField } from '../contract/reconcile';
import type { SednaReservationView, StopSaleHeader } from '../sedna/sedna-types';
import type { SyncedReservation, SyncedStopSale } from './reconcile.repository';

export interface Comparison {
  fields: DriftField[];
  ours: Record<string, unknown>;
  sedna: Record<string, unknown> | null;
}

/** Upper-cased, sorted, distinct codes of a comma-joined remark or a list ('' / null / []: all). */
export function codeSet(codes: string | readonly string[] | null): string[] {
  const list = typeof codes === 'string' ? codes.split(',') : (codes ?? []);
  return [...new Set(list.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The facts of a stop sale this integration keeps, as the check shows them. */
export function stopSaleFacts(row: SyncedStopSale): Record<string, unknown> {
  return {
    date_from: row.date_from,
    date_to: row.date_to,
    is_close: row.is_close,
    room_types: codeSet(row.room_types),
    board_types: codeSet(row.board_types),
  };
}

/** The same facts of a Sedna stop-sale header (StopType 0 = stop/close, 1 = open). */
export function sednaStopSaleFacts(header: StopSaleHeader): Record<string, unknown> {
  return {
    date_from: header.beginDate.slice(0, 10),
    date_to: header.endDate.slice(0, 10),
    is_close: header.stopType === null ? null : header.stopType === 0,
    room_types: codeSet(header.roomRemark),
    board_types: codeSet(header.boardRemark),
  };
}

/** A synced stop sale against its header in Sedna (`header` null: missing in Sedna). */
export function compareStopSale(row: SyncedStopSale, header: StopSaleHeader | null): Comparison {
  const ours = stopSaleFacts(row);
  if (!header) return { fields: [], ours, sedna: null };
  const sedna = sednaStopSaleFacts(header);
  const fields: DriftField[] = [];
  if (sedna.date_from !== ours.date_from || sedna.date_to !== ours.date_to) fields.push('dates');
  if (!sameList(sedna.room_types as string[], ours.room_types as string[])) fields.push('rooms');
  if (!sameList(sedna.board_types as string[], ours.board_types as string[])) fields.push('boards');
  if (sedna.is_close !== null && sedna.is_close !== ours.is_close) fields.push('close_open');
  if (header.hotelId !== row.sedna_hotel_id) fields.push('hotel');
  return { fields, ours, sedna };
}

/**
 * Whether a Sedna stop sale is this tenant's operator's: its OperatorRemark lists the operator
 * code (Sedna's list may show other operators' stop sales of the hotel).
 */
export function isOperatorStopSale(header: StopSaleHeader, operatorCode: string): boolean {
  return codeSet(header.operatorRemark).includes(
    operatorCode.trim().replace(/,$/, '').toUpperCase(),
  );
}

/**
 * Resolves Sedna's room-type and board ids to codes (the tenant's stored lists); a kind without a
 * stored list is not compared (`undefined` from the lookup).
 */
export interface CodeLookup {
  roomCode(id: number | null): string | null | undefined;
  boardCode(id: number | null): string | null | undefined;
}

/** The lookup of stored lists (`undefined` list: not compared; an id it lacks reads as `#id`). */
export function codeLookup(
  roomTypes: { id: number; code: string }[] | undefined,
  boards: { id: number; code: string }[] | undefined,
): CodeLookup {
  const of = (list: { id: number; code: string }[] | undefined) => (id: number | null) => {
    if (!list) return undefined;
    if (id === null) return null;
    return list.find((c) => c.id === id)?.code.toUpperCase() ?? `#${id}`;
  };
  return { roomCode: of(roomTypes), boardCode: of(boards) };
}

export function reservationFacts(row: SyncedReservation): Record<string, unknown> {
  return {
    check_in: row.check_in,
    check_out: row.check_out,
    room_type: row.room_type.toUpperCase(),
    board_type: row.board_type.toUpperCase(),
    adults: row.adults,
    children: row.children,
    status: 'active',
  };
}

/**
 * A synced reservation against Sedna's (`view` null: missing in Sedna). Rooms and boards are
 * compared by code when the tenant's lists know Sedna's id; an id they do not know differs.
 */
export function compareReservation(
  row: SyncedReservation,
  view: SednaReservationView | null,
  codes: CodeLookup,
): Comparison {
  const ours = reservationFacts(row);
  if (!view) return { fields: [], ours, sedna: null };
  const room = view.rooms[0];
  const cancelled = view.status !== null && /cancel/i.test(view.status);
  const roomCode = codes.roomCode(room?.roomTypeId ?? null);
  const boardCode = codes.boardCode(room?.boardId ?? null);
  const sedna = {
    check_in: view.checkIn,
    check_out: view.checkOut,
    room_type: roomCode === undefined ? (room?.roomTypeId ?? null) : roomCode,
    board_type: boardCode === undefined ? (room?.boardId ?? null) : boardCode,
    adults: room?.adults ?? null,
    children: room?.children ?? null,
    status: cancelled ? 'cancelled' : 'active',
  };
  const fields: DriftField[] = [];
  if (sedna.check_in !== ours.check_in || sedna.check_out !== ours.check_out) fields.push('dates');
  if (roomCode !== undefined && sedna.room_type !== ours.room_type) fields.push('rooms');
  if (boardCode !== undefined && sedna.board_type !== ours.board_type) fields.push('boards');
  if (sedna.adults !== ours.adults || sedna.children !== ours.children) fields.push('pax');
  if (row.sedna_hotel_id !== null && view.hotelId !== null && view.hotelId !== row.sedna_hotel_id) {
    fields.push('hotel');
  }
  if (cancelled) fields.push('status');
  return { fields, ours, sedna };
}
