import type { ItemDetails, ItemType } from '../api/types';
import { formatRange, itemTypeLabel } from '../lib/format';

interface LabelledItem extends ItemDetails {
  email_id: number;
  type: ItemType;
  item_id: number;
}

/** `Room DBL`, `Rooms DBL, TRP`, `All rooms`; null when the API sent no codes. */
export function roomsText(codes: string[] | null | undefined): string | null {
  if (codes === null) return 'All rooms';
  if (!codes?.length) return null;
  return `${codes.length === 1 ? 'Room' : 'Rooms'} ${codes.join(', ')}`;
}

/** `Voucher JUN2024001 · 2027-06-10 → 2027-06-17 · Room DBL` / `2027-05-01 → 2027-05-15 · All rooms`. */
export function itemFacts(item: ItemDetails & { type: ItemType }): string {
  const facts =
    item.type === 'reservation'
      ? [
          item.voucher_no ? `Voucher ${item.voucher_no}` : null,
          formatRange(item.check_in, item.check_out),
        ]
      : [formatRange(item.date_from, item.date_to)];
  return [...facts, roomsText(item.room_codes)].filter(Boolean).join(' · ');
}

/** An item of a run as the operator knows it: type and hotel, dates or voucher, rooms, ids. */
export function ItemLabel({ item }: { item: LabelledItem }) {
  const facts = itemFacts(item);
  return (
    <span className="block min-w-0 break-words" data-testid="item-label">
      <span className="font-medium">{itemTypeLabel(item.type)}</span>
      {item.hotel_name && <> · {item.hotel_name}</>}
      {facts && <span className="block text-slate-700">{facts}</span>}
      <span className="block text-xs text-slate-500">
        #{item.item_id} · e-mail #{item.email_id}
      </span>
    </span>
  );
}
