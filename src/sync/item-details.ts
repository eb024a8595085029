import type { EmailsRepository, ItemDetailsRow } from '../emails/emails.repository';
import type { ItemDetails } from '../contract/item-events';
import type { ItemType } from '../contract/statuses';
import type { SyncRepository } from './sync.repository';

/**
 * What an item is about, from its reservation or stop-sale row: the hotel, the dates or the
 * voucher, the room codes. Shown beside the ids in the result, the progress events, the report
 * and the dashboard. Read by EmailsRepository.itemDetails (reservation and stop-sale rows only)
 * for the item references of a run (SyncRepository.itemRefs) or of a batch of events.
 */

/** The fields an item carries in the API (the contract's ItemDetails). */
export type ItemDetailsView = ItemDetails;

export function detailsKey(type: string, itemId: number): string {
  return `${type}:${itemId}`;
}

/** Details of every item of a run, keyed by detailsKey; an item whose row is gone is absent. */
export async function runItemDetails(
  runs: SyncRepository,
  emails: EmailsRepository,
  tenantId: string,
  runId: number,
): Promise<Map<string, ItemDetailsView>> {
  return itemDetailsOf(emails, tenantId, await runs.itemRefs(tenantId, runId));
}

/** Details of the given items of a tenant (a batch of progress events), keyed by detailsKey. */
export async function itemDetailsOf(
  emails: EmailsRepository,
  tenantId: string,
  items: { type: ItemType; item_id: number }[],
): Promise<Map<string, ItemDetailsView>> {
  if (!items.length) return new Map();
  return byKey(await emails.itemDetails(tenantId, items));
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

/**
 * The report's "Dates / voucher": a stop sale's `from – to`, a reservation's
 * `voucher (check-in – check-out)`; null when its row is gone.
 */
export function datesOrVoucherText(
  type: ItemType,
  details: ItemDetailsView | undefined,
): string | null {
  if (!details) return null;
  const { date_from, date_to, voucher_no, check_in, check_out } = details;
  // As SQL's `||` would: null when a part is.
  const known = (...parts: (string | undefined)[]) => parts.every((part) => part !== undefined);
  if (type === 'stop_sale') return known(date_from, date_to) ? `${date_from} – ${date_to}` : null;
  return known(voucher_no, check_in, check_out)
    ? `${voucher_no} (${check_in} – ${check_out})`
    : null;
}

/** `DBL, TRP`; `all rooms` for a stop sale of every room (the report's room-code column). */
export function roomCodesText(details: ItemDetailsView | undefined): string {
  if (!details) return '';
  if (details.room_codes === null) return 'all rooms';
  return (details.room_codes ?? []).join(', ');
}

/** `2027-09-01→09-05` (the end's year only when it differs); what is known of the two. */
function rangeText(from: string | undefined, to: string | undefined): string | null {
  if (!from || !to) return from ?? to ?? null;
  return `${from}→${from.slice(0, 5) === to.slice(0, 5) ? to.slice(5) : to}`;
}

/**
 * One line naming the item, for the Temporal UI (its child's summary and its steps'):
 * `Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL, XYZ`,
 * `Reservation · Mandarin Resort · V0001 · 2027-06-10→06-17 · DBL`.
 */
export function itemSummaryText(type: ItemType, details: ItemDetailsView | undefined): string {
  const parts: (string | null | undefined)[] =
    type === 'stop_sale'
      ? ['Stop sale', details?.hotel_name, rangeText(details?.date_from, details?.date_to)]
      : [
          'Reservation',
          details?.hotel_name,
          details?.voucher_no,
          rangeText(details?.check_in, details?.check_out),
        ];
  if (details) parts.push(roomCodesText(details));
  return parts.filter((part) => !!part).join(' · ');
}
