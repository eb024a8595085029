/**
 * The sync-item workflow's input and outcome.
 */
import type { ItemFailureData } from './item-errors';
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
  | { status: 'success'; sednaId: string }
  /** `transient`: Sedna or a dependency was unavailable until retries ran out; a later run may succeed. */
  | ({ status: 'failed'; error: string; transient?: boolean } & ItemFailureData)
  | ({ status: 'cancelled'; error: string } & ItemFailureData)
) & {
  /** The item's event sequence number, assigned at its commit (SyncItemInput.seqAtCommit). */
  seq?: number;
};
