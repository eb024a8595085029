/**
 * The sync-item workflow's input and outcome.
 */
import type { ItemFailureData } from './item-errors';
import { type RecordedSednaId, type SednaId, sednaIdOf } from './sedna-id';
import type { ItemType } from './statuses';

export interface SyncItemRef {
  /** sync_items.id */
  rowId: number;
  ordinal: number;
  emailId: number;
  type: ItemType;
  itemId: number;
  /**
   * What the item is about, one line ("Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL"):
   * the Temporal UI's summary of its child and steps. Absent in histories recorded before it.
   */
  summary?: string;
}

export interface SyncItemInput {
  tenantId: string;
  syncId: string;
  item: SyncItemRef;
  /**
   * The item's progress-event sequence number is assigned by completeItem, in the transaction
   * that records its outcome (patch seq-at-commit); absent in runs begun before it, whose parent
   * numbers the events itself.
   */
  seqAtCommit?: true;
}

export type ItemOutcome = (
  | { status: 'success'; sednaId: SednaId }
  /** `transient`: Sedna or a dependency was unavailable until retries ran out; a later run may succeed. */
  | ({ status: 'failed'; error: string; transient?: boolean } & ItemFailureData)
  | ({ status: 'cancelled'; error: string } & ItemFailureData)
) & {
  /** The item's event sequence number, assigned at its commit (SyncItemInput.seqAtCommit). */
  seq?: number;
};

/** An outcome as a recorded history may hold it (the id as text, before API 1.2.0). */
export type RecordedItemOutcome = ItemOutcome extends infer O
  ? O extends unknown
    ? Omit<O, 'sednaId'> & { sednaId?: RecordedSednaId }
    : never
  : never;

/** A child's outcome, recorded by any version, as the current code reads it (sednaId a number). */
export function itemOutcomeOf(recorded: RecordedItemOutcome): ItemOutcome {
  const { sednaId: id, ...rest } = recorded;
  const sednaId = sednaIdOf(id);
  // Every recorded success carries its id.
  if (rest.status === 'success') return { ...rest, status: 'success', sednaId: sednaId as SednaId };
  return { ...rest, ...(sednaId !== undefined ? { sednaId } : {}) } as ItemOutcome;
}
