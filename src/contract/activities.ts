/**
 * The interfaces the workflows proxy and activities/ implements, with their inputs.
 */
import type {
  RECONCILE_COMPLETED_EVENT,
  ReconcileCounts,
  ReconcileCursor,
  ReconcileStatus,
  ReconcileTrigger,
  ReconcileUnit,
} from './reconcile';
import { type RecordedSednaId, type SednaId, sednaIdOf } from './sedna-id';
import type { FinalRunStatus, ReferenceKind } from './statuses';
import type { ItemOutcome, SyncItemInput, SyncItemRef } from './sync-item';
import type {
  BulkSyncInput,
  DeliverWebhookInput,
  DeliverWebhookResult,
  RunCounts,
  ScheduledSyncInput,
} from './workflows';

/** What completeItem stored: the Phase 1 header's id (see completeItem) and, when asked, the seq. */
export interface CompletedItem {
  sednaId: SednaId | null;
  /** Present when the input had `seqAtCommit`. */
  seq?: number;
}

/**
 * completeItem's result as recorded by any version: this shape; before API 1.2.0 the id was
 * named `phase1RecId`; before it returned an object, the bare id (a number or null); before it
 * returned the id at all, nothing.
 */
export type RecordedCompletedItem =
  CompletedItem | { phase1RecId: SednaId | null; seq?: number } | SednaId | null | undefined;

/** completeItem's result, recorded by any version, as the current code reads it. */
export function completedItemOf(recorded: RecordedCompletedItem): CompletedItem {
  if (typeof recorded !== 'object' || recorded === null) {
    return { sednaId: typeof recorded === 'number' ? recorded : null };
  }
  const { seq } = recorded;
  const sednaId = 'sednaId' in recorded ? recorded.sednaId : recorded.phase1RecId;
  return seq === undefined ? { sednaId } : { sednaId, seq };
}

// ---- Activities: the interfaces the workflows proxy and activities/ implements -------------

/** Sedna ids an item was resolved to. */
export interface ItemRefs {
  hotelId: number;
  roomTypeIds: number[];
  boardIds: number[];
}

export type PreparedItem =
  | { kind: 'synced'; sednaId: SednaId }
  | { kind: 'needs-references'; kinds: ReferenceKind[] }
  | { kind: 'ready'; refs: ItemRefs };

/** prepareItem's result as recorded by any version (the id as text before API 1.2.0). */
export type RecordedPreparedItem =
  Exclude<PreparedItem, { kind: 'synced' }> | { kind: 'synced'; sednaId: RecordedSednaId };

/** prepareItem's result, recorded by any version, as the current code reads it. */
export function preparedItemOf(recorded: RecordedPreparedItem): PreparedItem {
  return recorded.kind === 'synced'
    ? // A synced row always has its id.
      { kind: 'synced', sednaId: sednaIdOf(recorded.sednaId) as SednaId }
    : recorded;
}

export interface FinishRunInput {
  syncId: string;
  status: FinalRunStatus;
  counts: RunCounts;
}

/** Database steps of the workflows (local activities in the workflow worker). */
export interface ItemStoreActivities {
  /** Loads the item and resolves its hotel, room and board ids from the cache. */
  prepareItem: (input: SyncItemInput) => Promise<PreparedItem>;
  /**
   * Persists the item's outcome; returns the stop sale's Phase 1 header's id when it exists
   * in Sedna (null otherwise) and, with `seqAtCommit`, the item's event sequence number,
   * assigned in the same transaction (the same one again when retried after its commit).
   * Older recorded shapes: RecordedCompletedItem.
   */
  completeItem: (input: SyncItemInput, outcome: ItemOutcome) => Promise<CompletedItem>;
  /**
   * The event sequence number of an item whose child ended without completeItem (its start
   * failed, it was terminated, or cancelled before it started): assigned as completeItem does,
   * the row otherwise left as it is. Announces the item like completeItem.
   */
  numberItemEvent: (input: { syncId: string; rowId: number }) => Promise<number>;
  /** Kinds of reference list that are missing or older than the TTL. */
  staleReferenceKinds: (tenantId: string) => Promise<ReferenceKind[]>;
  loadItemPage: (syncId: string, afterOrdinal: number, limit: number) => Promise<SyncItemRef[]>;
  recordEventSeqs: (events: { rowId: number; seq: number }[]) => Promise<void>;
  /** Ends the run; returns its duration by the database clock. */
  finishRun: (input: FinishRunInput) => Promise<number>;
}

/** The database step of the scheduled-sync workflow (a local activity). */
export interface ScheduleActivities {
  /** The run of one schedule action over the tenant's due items; null when none are due. */
  createScheduledRun: (
    input: ScheduledSyncInput & { syncId: string },
  ) => Promise<BulkSyncInput | null>;
}

export interface SednaCallInput {
  tenantId: string;
  /** sync_items.id, to count the item's Sedna requests. */
  rowId?: number;
}

export interface StopSaleCallInput extends SednaCallInput {
  stopSaleId: number;
  refs: ItemRefs;
}

export interface ReservationCallInput extends SednaCallInput {
  reservationId: number;
  refs: ItemRefs;
}

/** Activities that call Sedna, on SEDNA_CALLS_TASK_QUEUE; each request at its own paced turn. */
export interface SednaActivities {
  fetchReferenceList: (input: SednaCallInput & { kind: ReferenceKind }) => Promise<void>;
  /** A run's warm-up: every stale list in one activity (one task instead of one per list). */
  fetchReferenceLists: (input: SednaCallInput & { kinds: ReferenceKind[] }) => Promise<void>;
  /** Phase 1: the header with empty children; returns its RecId. */
  createStopSaleHeader: (input: StopSaleCallInput & { declareDate: string }) => Promise<number>;
  /** Phase 2: rooms, operator and boards attached to the header. */
  attachStopSaleChildren: (input: StopSaleCallInput) => Promise<void>;
  insertReservation: (input: ReservationCallInput) => Promise<number>;
}

/** Failure types of the webhook activity; WEBHOOK_REJECTED is not retried. */
export const WEBHOOK_FAILURES = {
  rejected: 'WEBHOOK_REJECTED',
  unreachable: 'WEBHOOK_UNREACHABLE',
} as const;

/** The event a delivery is about: a run's final status, or a completed drift check. */
export type WebhookSubscribedInput =
  | { tenantId: string; status: FinalRunStatus }
  | { tenantId: string; event: typeof RECONCILE_COMPLETED_EVENT };

/**
 * Delivery of a webhook (SPEC §10: a finished run's; a completed drift check's), one POST per
 * attempt, on ORCHESTRATION_TASK_QUEUE.
 */
export interface WebhookActivities {
  deliverWebhook: (input: DeliverWebhookInput) => Promise<DeliverWebhookResult>;
  /** Whether the tenant's webhook takes the event (a local activity). */
  webhookSubscribed: (input: WebhookSubscribedInput) => Promise<boolean>;
}

/** The drift check's database steps (local activities in the workflow worker). */
export interface ReconcileStoreActivities {
  /**
   * Opens the check's row (kept as it is when the API opened it); null when another check of the
   * tenant is running (a scheduled check then does nothing).
   */
  openReconcileRun: (input: {
    tenantId: string;
    reconcileId: string;
    trigger: ReconcileTrigger;
    windowDays: number;
    workflowId: string;
  }) => Promise<{ reconcileId: string } | null>;
  /** The next units after `cursor`, and the cursor after them (null: nothing left). */
  nextReconcileUnits: (input: {
    reconcileId: string;
    cursor: ReconcileCursor;
    limit: number;
  }) => Promise<{ units: ReconcileUnit[]; cursor: ReconcileCursor | null }>;
  /** Ends the check; returns its counts as stored. */
  finishReconcileRun: (input: {
    reconcileId: string;
    status: Exclude<ReconcileStatus, 'running'>;
    error?: string;
  }) => Promise<ReconcileCounts>;
}

export interface ReconcileCallInput extends SednaCallInput {
  reconcileId: string;
}

/**
 * The drift check's Sedna reads, on SEDNA_CALLS_TASK_QUEUE at the tenant's pace: one read request
 * per attempt, never a write. Each stores its unit's outcomes (replacing those of an earlier
 * attempt) and returns their counts.
 */
export interface ReconcileSednaActivities {
  checkStopSaleHotel: (input: ReconcileCallInput & { hotelId: number }) => Promise<ReconcileCounts>;
  checkReservation: (
    input: ReconcileCallInput & { reservationId: number },
  ) => Promise<ReconcileCounts>;
}
