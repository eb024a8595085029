import type { EmailRow, ReservationRow, StopSaleRow, SyncStateColumns } from './email-rows';
import type { EmailItemSummary, ParsedData, PendingEmail } from '../contract/views-emails';
import type { EmailDetailDto, ReservationViewDto, StopSaleViewDto } from './email-views.dto';

/** The rows one e-mail carries. */
export interface EmailRows {
  reservations: ReservationRow[];
  stopSales: StopSaleRow[];
}

type SyncStateFields = Omit<SyncStateColumns, 'sedna_hotel_id'>;

/** The columns an item summary shows (all the pending list reads). */
export type ReservationSummaryRow = SyncStateFields &
  Pick<
    ReservationRow,
    | 'id'
    | 'email_id'
    | 'hotel_name'
    | 'voucher_no'
    | 'check_in'
    | 'check_out'
    | 'room_type'
    | 'board_type'
  >;
export type StopSaleSummaryRow = SyncStateFields &
  Pick<
    StopSaleRow,
    | 'id'
    | 'email_id'
    | 'hotel_name'
    | 'date_from'
    | 'date_to'
    | 'room_types'
    | 'board_types'
    | 'is_close'
  >;

/** The (first) rows of one e-mail, as its summary in the pending list shows them. */
export interface SummaryRows {
  reservations: ReservationSummaryRow[];
  stopSales: StopSaleSummaryRow[];
}

/** The e-mail columns the pending list shows. */
export type PendingEmailRow = Pick<
  EmailRow,
  'id' | 'subject' | 'sender' | 'email_type' | 'status' | 'received_at'
>;

function syncState(row: SyncStateFields) {
  return {
    status: row.status,
    sedna_synced: row.sedna_synced,
    sedna_id: row.sedna_rec_id,
    /** Deprecated (API 1.2.0): the same id under its old name, until the next major version. */
    sedna_rec_id: row.sedna_rec_id,
    sedna_sync_at: row.sedna_sync_at?.toISOString() ?? null,
  };
}

/** What an item's summary, the e-mail's picking fields and its detail show of a reservation. */
function reservationFields(row: ReservationSummaryRow) {
  return {
    voucher_no: row.voucher_no,
    hotel_name: row.hotel_name,
    check_in: row.check_in,
    check_out: row.check_out,
    room_type: row.room_type,
    board_type: row.board_type,
  };
}

/** What an item's summary and its detail show of a stop sale. */
function stopSaleFields(row: StopSaleSummaryRow) {
  return {
    hotel_name: row.hotel_name,
    date_from: row.date_from,
    date_to: row.date_to,
    room_types: row.room_types,
    board_types: row.board_types,
    is_close: row.is_close,
  };
}

function reservationSummary(row: ReservationSummaryRow): EmailItemSummary {
  return { type: 'reservation', item_id: row.id, ...reservationFields(row), ...syncState(row) };
}

function stopSaleSummary(row: StopSaleSummaryRow): EmailItemSummary {
  return { type: 'stop_sale', item_id: row.id, ...stopSaleFields(row), ...syncState(row) };
}

/** Seed 000 §4's picking fields from the first item, then every item. */
export function parsedData({ reservations, stopSales }: SummaryRows): ParsedData {
  const [reservation] = reservations;
  const [stopSale] = stopSales;
  const items = [...reservations.map(reservationSummary), ...stopSales.map(stopSaleSummary)];
  if (reservation) return { ...reservationFields(reservation), items };
  if (stopSale) {
    // Seed 000 §4 picks neither the boards nor close/open.
    const { board_types, is_close, ...picked } = stopSaleFields(stopSale);
    return { ...picked, items };
  }
  return { items };
}

export function pendingEmailView(email: PendingEmailRow, rows: SummaryRows): PendingEmail {
  return {
    id: email.id,
    subject: email.subject,
    sender: email.sender,
    email_type: email.email_type,
    status: email.status,
    received_at: email.received_at.toISOString(),
    parsed_data: parsedData(rows),
  };
}

function reservationView(row: ReservationRow): ReservationViewDto {
  return {
    id: row.id,
    ...reservationFields(row),
    adults: row.adults,
    children: row.children,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    guests: row.guests,
    sedna_hotel_id: row.sedna_hotel_id,
    ...syncState(row),
  };
}

function stopSaleView(row: StopSaleRow): StopSaleViewDto {
  return {
    id: row.id,
    ...stopSaleFields(row),
    reason: row.reason,
    sedna_hotel_id: row.sedna_hotel_id,
    ...syncState(row),
  };
}

export function emailDetailView(email: EmailRow, rows: EmailRows): EmailDetailDto {
  return {
    id: email.id,
    message_id: email.message_id,
    subject: email.subject,
    sender: email.sender,
    email_type: email.email_type,
    status: email.status,
    received_at: email.received_at.toISOString(),
    created_at: email.created_at.toISOString(),
    reservations: rows.reservations.map(reservationView),
    stop_sales: rows.stopSales.map(stopSaleView),
  };
}
