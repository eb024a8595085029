import type { Email } from './email.entity';
import type {
  EmailDetailDto,
  EmailItemSummaryDto,
  ParsedDataDto,
  PendingEmailDto,
  ReservationViewDto,
  StopSaleViewDto,
} from './email-views.dto';
import type { Reservation } from './reservation.entity';
import type { SednaSyncState } from './sync-state.columns';
import type { StopSale } from './stop-sale.entity';

/** The rows one e-mail carries. */
export interface EmailRows {
  reservations: Reservation[];
  stopSales: StopSale[];
}

type SyncStateFields = Pick<SednaSyncState, 'status' | 'sednaSynced' | 'sednaId' | 'sednaSyncAt'>;

/** The columns an item summary shows (all the pending list reads). */
export type ReservationSummaryRow = SyncStateFields &
  Pick<
    Reservation,
    'id' | 'emailId' | 'hotelName' | 'voucherNo' | 'checkIn' | 'checkOut' | 'roomType' | 'boardType'
  >;
export type StopSaleSummaryRow = SyncStateFields &
  Pick<
    StopSale,
    'id' | 'emailId' | 'hotelName' | 'dateFrom' | 'dateTo' | 'roomTypes' | 'boardTypes' | 'isClose'
  >;

/** The (first) rows of one e-mail, as its summary in the pending list shows them. */
export interface SummaryRows {
  reservations: ReservationSummaryRow[];
  stopSales: StopSaleSummaryRow[];
}

/** The e-mail columns the pending list shows. */
export type PendingEmailRow = Pick<
  Email,
  'id' | 'subject' | 'sender' | 'emailType' | 'status' | 'receivedAt'
>;

function syncState(row: SyncStateFields) {
  return {
    status: row.status,
    sedna_synced: row.sednaSynced,
    sedna_id: row.sednaId,
    /** Deprecated (API 1.2.0): the same id under its old name, until the next major version. */
    sedna_rec_id: row.sednaId,
    sedna_sync_at: row.sednaSyncAt?.toISOString() ?? null,
  };
}

function reservationSummary(row: ReservationSummaryRow): EmailItemSummaryDto {
  return {
    type: 'reservation',
    item_id: row.id,
    hotel_name: row.hotelName,
    voucher_no: row.voucherNo,
    check_in: row.checkIn,
    check_out: row.checkOut,
    room_type: row.roomType,
    board_type: row.boardType,
    ...syncState(row),
  };
}

function stopSaleSummary(row: StopSaleSummaryRow): EmailItemSummaryDto {
  return {
    type: 'stop_sale',
    item_id: row.id,
    hotel_name: row.hotelName,
    date_from: row.dateFrom,
    date_to: row.dateTo,
    room_types: row.roomTypes,
    board_types: row.boardTypes,
    is_close: row.isClose,
    ...syncState(row),
  };
}

/** Seed 000 §4's picking fields from the first item, then every item. */
export function parsedData({ reservations, stopSales }: SummaryRows): ParsedDataDto {
  const [reservation] = reservations;
  const [stopSale] = stopSales;
  const items = [...reservations.map(reservationSummary), ...stopSales.map(stopSaleSummary)];
  if (reservation) {
    return {
      voucher_no: reservation.voucherNo,
      hotel_name: reservation.hotelName,
      check_in: reservation.checkIn,
      check_out: reservation.checkOut,
      room_type: reservation.roomType,
      board_type: reservation.boardType,
      items,
    };
  }
  if (stopSale) {
    return {
      hotel_name: stopSale.hotelName,
      date_from: stopSale.dateFrom,
      date_to: stopSale.dateTo,
      room_types: stopSale.roomTypes,
      items,
    };
  }
  return { items };
}

export function pendingEmailView(email: PendingEmailRow, rows: SummaryRows): PendingEmailDto {
  return {
    id: email.id,
    subject: email.subject,
    sender: email.sender,
    email_type: email.emailType,
    status: email.status,
    received_at: email.receivedAt.toISOString(),
    parsed_data: parsedData(rows),
  };
}

function reservationView(row: Reservation): ReservationViewDto {
  return {
    id: row.id,
    voucher_no: row.voucherNo,
    hotel_name: row.hotelName,
    check_in: row.checkIn,
    check_out: row.checkOut,
    room_type: row.roomType,
    board_type: row.boardType,
    adults: row.adults,
    children: row.children,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    guests: row.guests,
    sedna_hotel_id: row.sednaHotelId,
    ...syncState(row),
  };
}

function stopSaleView(row: StopSale): StopSaleViewDto {
  return {
    id: row.id,
    hotel_name: row.hotelName,
    date_from: row.dateFrom,
    date_to: row.dateTo,
    room_types: row.roomTypes,
    board_types: row.boardTypes,
    is_close: row.isClose,
    reason: row.reason,
    sedna_hotel_id: row.sednaHotelId,
    ...syncState(row),
  };
}

export function emailDetailView(email: Email, rows: EmailRows): EmailDetailDto {
  return {
    id: email.id,
    message_id: email.messageId,
    subject: email.subject,
    sender: email.sender,
    email_type: email.emailType,
    status: email.status,
    received_at: email.receivedAt.toISOString(),
    created_at: email.createdAt.toISOString(),
    reservations: rows.reservations.map(reservationView),
    stop_sales: rows.stopSales.map(stopSaleView),
  };
}
