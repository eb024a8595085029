/** The pending e-mails' answers (GET /api/emails/pending, its ids), as the API sends them. */
import type { EmailStatus, EmailType, ItemType, RowStatus } from './statuses';

/** One item of an e-mail in the pending list: what the dashboard shows next to the checkbox. */
export interface EmailItemSummary {
  type: ItemType;
  /** Id of the reservations or stop_sales row. */
  item_id: number;
  hotel_name: string;
  /** Reservations only. */
  voucher_no?: string;
  check_in?: string;
  check_out?: string;
  room_type?: string;
  board_type?: string;
  /** Stop sales only (null: all rooms, all boards). */
  date_from?: string;
  date_to?: string;
  room_types?: string[] | null;
  board_types?: string[] | null;
  is_close?: boolean;
  status: RowStatus;
  sedna_synced: boolean;
  /** Sedna's id; of a stop sale the Phase 1 RecId, set as soon as Phase 1 answers. */
  sedna_id: number | null;
  /** @deprecated `sedna_id` under its old name (API 1.2.0); removed in the next major version. */
  sedna_rec_id: number | null;
  sedna_sync_at: string | null;
}

/**
 * The first item's key fields (as in seed 000 §4), plus the e-mail's first items and how many it
 * has. E-mails without items carry `items: []` and `item_count: 0`.
 */
export interface ParsedData extends Partial<
  Pick<
    EmailItemSummary,
    | 'voucher_no'
    | 'hotel_name'
    | 'check_in'
    | 'check_out'
    | 'room_type'
    | 'board_type'
    | 'date_from'
    | 'date_to'
    | 'room_types'
  >
> {
  /** The first few items; `item_count` says how many the e-mail has. */
  items: EmailItemSummary[];
  item_count?: number;
}

/** An e-mail of GET /api/emails/pending (a Page of them). */
export interface PendingEmail {
  id: number;
  subject: string;
  sender: string;
  email_type: EmailType;
  status: EmailStatus;
  received_at: string;
  parsed_data: ParsedData;
}

/** GET /api/emails/pending/ids: every e-mail the list shows under its filters, newest first. */
export interface MatchingEmailIds {
  ids: number[];
  /** How many match (the length of `ids`). */
  total: number;
}
