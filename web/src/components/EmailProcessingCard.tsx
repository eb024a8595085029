import { useId } from 'react';
import type { EmailItemSummary, PendingEmail } from '../api/types';
import { formatDateTime, formatRange, itemTypeLabel } from '../lib/format';
import { cardClass, checkboxClass } from '../lib/ui';
import { Badge, EmailStatusBadge } from './Badge';

interface Props {
  email: PendingEmail;
  selected: boolean;
  onToggle: (emailId: number) => void;
}

const EMAIL_TYPE_LABELS: Record<PendingEmail['email_type'], string> = {
  reservation: 'Reservation',
  stopsale: 'Stop sale',
  unknown: 'Unknown',
};

/** Room (and board) codes: a stop sale without codes closes every room. */
function codesOf(item: EmailItemSummary): string {
  if (item.type === 'reservation') {
    return [item.room_type, item.board_type].filter(Boolean).join(' / ') || '—';
  }
  const rooms = item.room_types?.length ? item.room_types.join(', ') : 'all rooms';
  const boards = item.board_types?.length ? ` · ${item.board_types.join(', ')}` : '';
  return `${rooms}${boards}`;
}

function ItemLine({ item }: { item: EmailItemSummary }) {
  const dates =
    item.type === 'reservation'
      ? formatRange(item.check_in, item.check_out)
      : formatRange(item.date_from, item.date_to);
  return (
    <li className="grid grid-cols-1 gap-x-4 gap-y-0.5 py-1.5 text-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1.5fr)_auto]">
      <span className="min-w-0 truncate font-medium text-slate-800" title={item.hotel_name}>
        {item.type === 'reservation' && item.voucher_no && (
          <span className="mr-2 font-mono text-xs text-slate-600">{item.voucher_no}</span>
        )}
        {item.hotel_name}
      </span>
      <span className="text-slate-700">
        <span className="sr-only">Dates: </span>
        {dates ?? '—'}
        {item.type === 'stop_sale' && item.is_close === false && ' (open)'}
      </span>
      <span className="font-mono text-xs text-slate-700 sm:text-sm">
        <span className="sr-only">Room codes: </span>
        {codesOf(item)}
      </span>
      <span>
        {item.sedna_synced ? (
          <Badge tone="success">Sedna #{item.sedna_id}</Badge>
        ) : item.status === 'failed' ? (
          <Badge tone="danger">Failed</Badge>
        ) : (
          <Badge>{itemTypeLabel(item.type)}</Badge>
        )}
      </span>
    </li>
  );
}

/** One e-mail in the processing list: a checkbox and the parsed data that matters for Sedna. */
export function EmailProcessingCard({ email, selected, onToggle }: Props) {
  const titleId = useId();
  const { items } = email.parsed_data;
  const notListed = (email.parsed_data.item_count ?? items.length) - items.length;
  return (
    <li
      className={`${cardClass} flex gap-3 p-4 transition-colors ${selected ? 'border-sky-500 ring-1 ring-sky-500' : ''}`}
    >
      <input
        type="checkbox"
        className={`${checkboxClass} mt-1 shrink-0`}
        checked={selected}
        onChange={() => onToggle(email.id)}
        aria-labelledby={titleId}
        disabled={!items.length}
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h3 id={titleId} className="min-w-0 font-semibold break-words">
            {email.subject}
          </h3>
          <Badge tone="info">{EMAIL_TYPE_LABELS[email.email_type]}</Badge>
          <EmailStatusBadge status={email.status} />
        </div>
        <p className="mt-0.5 text-xs text-slate-600">
          #{email.id} · {email.sender} · received {formatDateTime(email.received_at)}
        </p>
        {items.length ? (
          <ul
            aria-label={`Parsed items of e-mail ${email.id}`}
            className="mt-2 divide-y divide-slate-100"
          >
            {items.map((item) => (
              <ItemLine key={`${item.type}-${item.item_id}`} item={item} />
            ))}
            {notListed > 0 && (
              <li className="py-1.5 text-sm text-slate-600">
                and {notListed} more {notListed === 1 ? 'item' : 'items'} (all synced with the
                e-mail)
              </li>
            )}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            Nothing parsed from this e-mail, so there is nothing to sync.
          </p>
        )}
      </div>
    </li>
  );
}
