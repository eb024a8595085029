/**
 * User metadata for the Temporal UI: one line per child, activity and timer saying what it does
 * and to what, and the parent's current details. Metadata is not a command's identity: runs
 * recorded without it replay with it (test/unit/workflow-replay.spec.ts), so no patch.
 */
import type { ItemRefs } from '../src/contract/activities';
import type { ItemOutcome, SyncItemRef } from '../src/contract/sync-item';
import type { RunCounts } from '../src/contract/workflows';

const TYPE_LABELS: Record<SyncItemRef['type'], string> = {
  stop_sale: 'Stop sale',
  reservation: 'Reservation',
};

/** `1,000` (the workflow sandbox's Intl is not relied on). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The item's line from loadItemPage, or (histories recorded before it) its type and ids. */
export function itemSummary(item: SyncItemRef): string {
  return item.summary ?? `${TYPE_LABELS[item.type]} #${item.itemId} · e-mail ${item.emailId}`;
}

/** The child's details: where it comes from (Temporal markdown). */
export function itemDetails(syncId: string, item: SyncItemRef, total: number): string {
  return [
    `**${itemSummary(item)}**`,
    `Run \`${syncId}\` · item ${count(item.ordinal)} of ${count(total)}`,
    `E-mail ${item.emailId} · ${item.type} ${item.itemId} · sync_items row ${item.rowId}`,
  ].join('\n\n');
}

export const stepSummaries = {
  prepare: (item: SyncItemRef) => `Load and resolve: ${itemSummary(item)}`,
  referenceList: (kind: string) => `Fetch the Sedna ${kind} list`,
  referenceLists: (kinds: readonly string[]) => `Warm the reference cache: ${kinds.join(', ')}`,
  phase1: (item: SyncItemRef) => `Phase 1: create the header · ${itemSummary(item)}`,
  phase2: (refs: ItemRefs, sednaId: number) =>
    refs.roomTypeIds.length
      ? `Phase 2: attach ${refs.roomTypeIds.length} room${refs.roomTypeIds.length === 1 ? '' : 's'} to RecId ${sednaId}`
      : `Phase 2: attach all rooms to RecId ${sednaId}`,
  insert: (item: SyncItemRef) => `Insert: ${itemSummary(item)}`,
  complete: (outcome: ItemOutcome) =>
    `Store the outcome: ${outcome.status}${outcome.status !== 'success' && outcome.code ? ` (${outcome.code})` : ''}`,
  itemPage: (afterOrdinal: number, size: number) =>
    `Load items ${count(afterOrdinal + 1)}–${count(afterOrdinal + size)}`,
  finishRun: (status: string, counts: RunCounts) =>
    `Close the run: ${status} · ${count(counts.successful)} synced, ${count(counts.failed)} failed of ${count(counts.total)}`,
} as const;

/** The parent's current details: "412 of 1,000 · 3 failed · 50 in flight". */
export function runProgressDetails(counts: RunCounts, inFlight: number): string {
  const done = counts.successful + counts.failed + counts.cancelled;
  const parts = [`${count(done)} of ${count(counts.total)}`, `${count(counts.failed)} failed`];
  if (counts.cancelled) parts.push(`${count(counts.cancelled)} cancelled`);
  if (inFlight) parts.push(`${count(inFlight)} in flight`);
  return parts.join(' · ');
}
