import type { DataSource, EntityManager } from 'typeorm';
import type { ItemDetails, ItemType } from '../temporal/contract';
import { SyncRepository } from './sync.repository';

/**
 * What an item is about, from its reservation or stop-sale row: the hotel, the dates or the
 * voucher, the room codes. Shown beside the ids in the result, the progress events, the report
 * and the dashboard. A run's are read by SyncRepository.itemDetails; a batch of events' by
 * itemDetailsOf, SyncRepository.itemDetailsOfItems (reservation and stop-sale rows only).
 */

/** One row of SyncRepository's details reads; dates as `YYYY-MM-DD`. */
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

/** Details of the given items of a tenant (a batch of progress events), keyed by detailsKey. */
export async function itemDetailsOf(
  db: Db | SyncRepository,
  tenantId: string,
  items: { type: ItemType; item_id: number }[],
): Promise<Map<string, ItemDetailsView>> {
  if (!items.length) return new Map();
  const runs = db instanceof SyncRepository ? db : new SyncRepository(db);
  return byKey(await runs.itemDetailsOfItems(tenantId, items));
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
