import type { ItemErrorData, SednaHealthView } from '../api/types';
import { Badge } from './Badge';

function time(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** Says when the tenant's Sedna is not answering, since when and with what error. */
export function SednaUnreachableAlert({ sedna }: { sedna: SednaHealthView | null | undefined }) {
  if (!sedna || sedna.reachable) return null;
  return (
    <div
      role="alert"
      data-testid="sedna-unreachable"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <p className="font-semibold">Sedna is not answering since {time(sedna.since)}</p>
      <p className="mt-1 break-words">
        Last error ({time(sedna.last_error_at)}): {sedna.last_error ?? 'unknown'}. Items keep
        retrying; nothing is lost.
      </p>
    </div>
  );
}

/** The code and stage of a failed item, and the flag of a header in Sedna without its rooms. */
export function ItemErrorTags({ item }: { item: ItemErrorData & { sedna_id?: number | null } }) {
  if (!item.code && !item.in_sedna_without_rooms) return null;
  return (
    <span className="mt-1 flex flex-wrap items-center gap-2">
      {item.in_sedna_without_rooms && (
        <Badge tone="warning">In Sedna without rooms (RecId {item.sedna_id})</Badge>
      )}
      {item.code && (
        <span className="font-mono text-xs text-slate-600">
          {item.code}
          {item.stage ? ` · ${item.stage}` : ''}
        </span>
      )}
    </span>
  );
}

/** What a header without rooms means and what fixes it. */
export function WithoutRoomsNote({ count }: { count: number }) {
  if (!count) return null;
  return (
    <p
      role="alert"
      data-testid="in-sedna-without-rooms"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      {count === 1 ? '1 stop sale is' : `${count} stop sales are`} in Sedna without rooms: the
      header was created but its rooms were not attached, which Sedna may read as all rooms closed.
      “Retry failed” attaches them (no second header is created).
    </p>
  );
}
