/**
 * The interfaces the workflows proxy and activities/ implements, with their inputs.
 */
import type { FinalRunStatus, ReferenceKind } from './statuses';
import type { ItemOutcome, SyncItemInput, SyncItemRef } from './sync-item';
import type {
  BulkSyncInput,
  DeliverWebhookInput,
  DeliverWebhookResult,
  RunCounts,
  ScheduledSyncInput,
} from './workflows';

/** What completeItem stored: the Phase 1 RecId (see completeItem) and, when asked, the seq. */
export interface CompletedItem {
  phase1RecId: number | null;
  /** Present when the input had `seqAtCommit`. */
  seq?: number;
}

// ---- Activities: the interfaces the workflows proxy and activities/ implements -------------

/** Sedna ids an item was resolved to. */
export interface ItemRefs {
  hotelId: number;
  roomTypeIds: number[];
  boardIds: number[];
}

export type PreparedItem =
  | { kind: 'synced'; sednaId: string }
  | { kind: 'needs-references'; kinds: ReferenceKind[] }
  | { kind: 'ready'; refs: ItemRefs };

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
   * Persists the item's outcome; returns the stop sale's Phase 1 RecId when its header exists
   * in Sedna (null otherwise) and, with `seqAtCommit`, the item's event sequence number,
   * assigned in the same transaction (the same one again when retried after its commit).
   * Histories recorded before it returned an object hold the bare RecId (a number or null).
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

/** Delivery of a run's webhook (SPEC §10), one POST per attempt, on ORCHESTRATION_TASK_QUEUE. */
export interface WebhookActivities {
  deliverWebhook: (input: DeliverWebhookInput) => Promise<DeliverWebhookResult>;
  /** Whether the tenant's webhook takes the event of a run that ended so (a local activity). */
  webhookSubscribed: (input: { tenantId: string; status: FinalRunStatus }) => Promise<boolean>;
}
