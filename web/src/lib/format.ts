import type { ItemType, RunStatus } from '../api/types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** `2027-06-10 → 2027-06-17`; a lone date when the other end is missing. */
export function formatRange(from?: string | null, to?: string | null): string | null {
  if (from && to) return `${from} → ${to}`;
  return from ?? to ?? null;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function itemTypeLabel(type: ItemType): string {
  return type === 'stop_sale' ? 'Stop sale' : 'Reservation';
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  partial: 'Partly failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function shortId(syncId: string): string {
  return syncId.slice(0, 8);
}
