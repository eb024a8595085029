import type { EmailStatus, EmailType, RowStatus } from '../contract/statuses';

/**
 * The rows of the e-mail aggregate's tables (`emails`, `stop_sales`, `reservations`), keyed by
 * column (migrations/ makes the tables; EmailsRepository reads and writes them). Dates are
 * `YYYY-MM-DD`; a numeric comes as text.
 */

/** A guest of a reservation (`reservations.guests`, jsonb). */
export interface Guest {
  title: string;
  first_name: string;
  last_name: string;
  birth_date?: string | null;
  nationality?: string | null;
  passport_no?: string | null;
}

/** An `emails` row. */
export interface EmailRow {
  id: number;
  tenant_id: string;
  message_id: string;
  subject: string;
  sender: string;
  received_at: Date;
  email_type: EmailType;
  status: EmailStatus;
  created_at: Date;
}

/** Columns every row that is pushed to Sedna carries. */
export interface SyncStateColumns {
  status: RowStatus;
  sedna_hotel_id: number | null;
  sedna_synced: boolean;
  /** Stop sale: the Phase 1 RecId, stored as soon as Phase 1 answers. Reservation: Sedna's id. */
  sedna_rec_id: number | null;
  sedna_sync_at: Date | null;
}

/** A `stop_sales` row. */
export interface StopSaleRow extends SyncStateColumns {
  id: number;
  tenant_id: string;
  email_id: number;
  hotel_name: string;
  date_from: string;
  date_to: string;
  /** Room codes; null means all rooms. */
  room_types: string[] | null;
  board_types: string[] | null;
  /** true = stop (close sale), false = open. */
  is_close: boolean;
  reason: string | null;
  /** DeclareDate of the first Phase 1 attempt; Phase 2 and the lost-response lookup reuse it. */
  phase1_declare_date: string | null;
  /**
   * Set just before Phase 1 is sent, cleared once its outcome is known: a retry that finds it
   * set looks the header up instead of creating a second one.
   */
  phase1_sent_at: Date | null;
  /**
   * The Sedna connection (tenant_settings.sedna_connection) Phase 1 was sent to (with the "sent"
   * mark) and that issued `sedna_rec_id`: a RecId is sent in Phase 2, and an uncertain Phase 1
   * is looked up, only there. Null before any Phase 1.
   */
  phase1_sedna_connection: string | null;
}

/** A `reservations` row. */
export interface ReservationRow extends SyncStateColumns {
  id: number;
  tenant_id: string;
  email_id: number;
  voucher_no: string;
  hotel_name: string;
  check_in: string;
  check_out: string;
  room_type: string;
  board_type: string;
  adults: number;
  children: number;
  amount: string | null;
  currency: string | null;
  guests: Guest[];
  /** Set just before the insert is sent, cleared once its outcome is known (see StopSaleRow). */
  insert_sent_at: Date | null;
  /**
   * The Sedna connection (tenant_settings.sedna_connection) the insert was sent to, set with the
   * "sent" mark: an insert whose answer was lost is looked up only there. Null before any insert.
   */
  insert_sedna_connection: string | null;
}

/** An item's row: a stop sale or a reservation, with its type. */
export type ItemRow =
  { type: 'stop_sale'; row: StopSaleRow } | { type: 'reservation'; row: ReservationRow };
