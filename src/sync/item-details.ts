import type { DataSource, EntityManager } from 'typeorm';
import type { ItemDetails, ItemType } from '../temporal/contract';
import type { SyncRepository } from './sync.repository';

/**
 * What an item is about, from its reservation or stop-sale row: the hotel, the dates or the
 * voucher, the room codes. Shown beside the ids in the result, the progress events, the report
 * and the dashboard. A run's are read by SyncRepository.itemDetails; a batch of events' by
 * itemDetailsOf (reservation and stop-sale rows only).
 */

/** One row of the queries below; dates as `YYYY-MM-DD`. */
export interface ItemDetailsRow {
  type: ItemType;
  item_id: number;
  hotel_name: string;
  /** Reservation only. */
  voucher_no: string | null;
  check_in: string | null;
  check_out: string | null;
  /** Stop sale only. */
  date_from: string | null;
  date_to: string | null;
  /** A reservation's one room code; a stop sale's codes, null for all rooms. */
  room_codes: string[] | null;
}

/** The fields an item carries in the API (the contract's ItemDetails). */
export type ItemDetailsView = ItemDetails;

/** The columns of an item's details, from its stop sale `s` or reservation `r`. */
export const DETAIL_COLUMNS = `COALESCE(s.hotel_name, r.hotel_name) AS hotel_name,
  r.voucher_no,
  to_char(r.check_in, 'YYYY-MM-DD') AS check_in,
  to_char(r.check_out, 'YYYY-MM-DD') AS check_out,
  to_char(s.date_from, 'YYYY-MM-DD') AS date_from,
  to_char(s.date_to, 'YYYY-MM-DD') AS date_to,
  CASE WHEN r.id IS NOT NULL THEN ARRAY[r.room_type]::text[] ELSE s.room_types END AS room_codes`;

type Db = DataSource | EntityManager;

export function detailsKey(type: string, itemId: number): string {
  return `${type}:${itemId}`;
}

/** Details of every item of a run, keyed by detailsKey; an item whose row is gone is absent. */
export async function runItemDetails(
  runs: SyncRepository,
  tenantId: string,
  runId: number,
): Promise<Map<string, ItemDetailsView>> {
  return byKey(await runs.itemDetails(tenantId, runId));
}

/** Details of the given items of a tenant (a batch of progress events). */
export async function itemDetailsOf(
  db: Db,
  tenantId: string,
  items: { type: ItemType; item_id: number }[],
): Promise<Map<string, ItemDetailsView>> {
  if (!items.length) return new Map();
  const rows: ItemDetailsRow[] = await db.query(
    `SELECT t.item_type AS type, t.item_id, ${DETAIL_COLUMNS}
       FROM unnest($2::varchar[], $3::int[]) AS t(item_type, item_id)
       LEFT JOIN stop_sales s ON t.item_type = 'stop_sale' AND s.id = t.item_id AND s.tenant_id = $1
       LEFT JOIN reservations r ON t.item_type = 'reservation' AND r.id = t.item_id AND r.tenant_id = $1
      WHERE s.id IS NOT NULL OR r.id IS NOT NULL`,
    [tenantId, items.map((i) => i.type), items.map((i) => i.item_id)],
  );
  return byKey(rows);
}

function byKey(rows: ItemDetailsRow[]): Map<string, ItemDetailsView> {
  return new Map(rows.map((row) => [detailsKey(row.type, row.item_id), detailsView(row)]));
}

export function detailsView(row: ItemDetailsRow): ItemDetailsView {
  const dates =
    row.type === 'reservation'
      ? {
          voucher_no: row.voucher_no ?? undefined,
          check_in: row.check_in ?? undefined,
          check_out: row.check_out ?? undefined,
        }
      : { date_from: row.date_from ?? undefined, date_to: row.date_to ?? undefined };
  return { hotel_name: row.hotel_name, ...dates, room_codes: row.room_codes };
}

/** `DBL, TRP`; `all rooms` for a stop sale of every room (the report's room-code column). */
export function roomCodesText(details: ItemDetailsView | undefined): string {
  if (!details) return '';
  if (details.room_codes === null) return 'all rooms';
  return (details.room_codes ?? []).join(', ');
}
