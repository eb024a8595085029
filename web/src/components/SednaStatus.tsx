import type { ItemErrorData, Phase2PendingItem, SednaHealthView, WorkersView } from '../api/types';
import { plural } from '../lib/format';
import { Badge } from './Badge';
import { ItemLabel } from './ItemLabel';

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

/** Says when no worker polls a task queue, which and since when: the run waits meanwhile. */
export function NoWorkerAlert({ workers }: { workers: WorkersView | null | undefined }) {
  if (!workers || workers.polling !== false) return null;
  const idle = workers.queues.filter((q) => q.pollers === 0);
  return (
    <div
      role="alert"
      data-testid="no-worker"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900"
    >
      <p className="font-semibold">No worker is running since {time(workers.no_worker_since)}</p>
      <p className="mt-1 break-words">
        Nothing polls {idle.map((q) => `${q.task_queue} (${q.kind} tasks)`).join(' and ')}: this run
        waits, and resumes where it was once a worker is started. Nothing is lost.
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

/**
 * Stop sales whose header is in Sedna while their rooms are not yet attached (Phase 2 is being
 * tried): which, their RecId and what the last attempt met.
 */
export function Phase2PendingAlert({ items }: { items: Phase2PendingItem[] | undefined }) {
  if (!items?.length) return null;
  return (
    <section
      role="alert"
      data-testid="phase2-pending"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <p className="font-semibold">
        {plural(items.length, 'stop sale')} in Sedna without rooms: Phase 2 is still being tried
      </p>
      <p className="mt-1">
        The header was created; its rooms are attached as soon as Sedna accepts them (Phase 2 keeps
        trying for up to 6 hours). Until then Sedna may read it as all rooms closed.
      </p>
      <ul className="mt-2 space-y-2">
        {items.map((item) => (
          <li key={`${item.type}-${item.item_id}`} className="rounded bg-white/60 p-2">
            <ItemLabel item={item} />
            <ItemErrorTags item={item} />
            {item.error && (
              <span className="mt-1 block break-words text-red-800">
                Last attempt: {item.error}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
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
