/**
 * Names and types shared by the API, the workflows and the activities: the only module the
 * workflow code imports besides the SDK (eslint.config.mjs enforces it). Keep it free of Node
 * built-ins and I/O. It holds the workflows' signatures (started by name from src/) and the
 * activities' interfaces (the factories in activities/ implement them).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Workflows and database activities; not rate limited. */
export const ORCHESTRATION_TASK_QUEUE = 'sedna-sync';

/**
 * Every Sedna HTTP call of every tenant runs on this one queue. Each tenant's Sedna limit is
 * held by the PostgreSQL request pacer (src/sedna/request-pacer.ts) across all worker
 * processes, so the queue needs no server-side rate limit, and its partitions do not matter.
 */
export const SEDNA_CALLS_TASK_QUEUE = 'sedna-calls';

/** Who polls one of the task queues (DescribeTaskQueue), as the API reports it. */
export interface TaskQueuePollersView {
  task_queue: string;
  kind: 'workflow' | 'activity';
  /** Pollers Temporal saw lately (src/health/worker-pollers.ts: POLLER_LIVE_WINDOW_MS). */
  pollers: number;
  /** The newest poll Temporal recorded on it (it keeps a gone poller 5 min). */
  last_poll_at: string | null;
  /** When no worker polls: since when (the last poll seen). */
  no_worker_since: string | null;
}

/** Whether workers poll the task queues (health, the run's result and progress, the dashboard). */
export interface WorkersView {
  /** Every queue has a poller; null when Temporal did not answer. */
  polling: boolean | null;
  /** The earliest `no_worker_since` of the queues nobody polls. */
  no_worker_since: string | null;
  checked_at: string;
  queues: TaskQueuePollersView[];
}

export const ITEM_TYPES = ['reservation', 'stop_sale'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/**
 * The status words of an item, the same in `sync_items`, in the reservation and stop-sale rows,
 * the result, the events and the report. A reservation or stop-sale row is never `cancelled`:
 * an item cancelled in a run leaves its row as it was.
 */
export const ITEM_STATUSES = ['pending', 'success', 'failed', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type RowStatus = Exclude<ItemStatus, 'cancelled'>;
export const ROW_STATUSES: readonly RowStatus[] = ['pending', 'success', 'failed'];

/** How a run ended (`sync_runs.status`, the result, the webhook event). */
export const FINAL_RUN_STATUSES = ['completed', 'partial', 'failed', 'cancelled'] as const;
export type FinalRunStatus = (typeof FINAL_RUN_STATUSES)[number];
export const RUN_STATUSES = ['running', ...FINAL_RUN_STATUSES] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ['manual', 'schedule', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** Sedna's reference lists, cached per tenant (sedna_reference_cache.kind). */
export const REFERENCE_KINDS = ['hotels', 'room_types', 'boards'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export function bulkSyncWorkflowId(syncId: string): string {
  return `bulk-sync-${syncId}`;
}

export function syncItemWorkflowId(syncId: string, type: ItemType, itemId: number): string {
  return `sync-item-${syncId}-${type}-${itemId}`;
}

/**
 * The webhook delivery workflow's id, one per run; also the delivery id (the
 * X-Sedna-Sync-Delivery header, src/webhooks/webhook-events.ts), the same on every attempt.
 */
export function webhookDeliveryId(syncId: string): string {
  return `webhook-${syncId}`;
}

/** Local-time-free `yyyy-MM-ddTHH:mm:ss` of an instant (UTC), as Sedna's timestamps are. */
export function sednaTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** Custom search attributes; registered on the dev server at start (see scripts/local-stack.ts). */
export const SEARCH_ATTRIBUTES = {
  TenantId: 'Keyword',
  SyncId: 'Keyword',
  ItemType: 'Keyword',
  EmailId: 'Int',
} as const;

export const SA_TENANT_ID = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const SA_SYNC_ID = defineSearchAttributeKey('SyncId', SearchAttributeType.KEYWORD);
export const SA_ITEM_TYPE = defineSearchAttributeKey('ItemType', SearchAttributeType.KEYWORD);
export const SA_EMAIL_ID = defineSearchAttributeKey('EmailId', SearchAttributeType.INT);

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

/**
 * Why an item did not sync, as data: the codes of sync_items.error_code, the result, the SSE
 * events, the report and the dashboard. Failure types that Sedna activities throw
 * (ApplicationFailure `type`) are these same strings.
 */
export const ITEM_ERROR_CODES = {
  /** `details.candidates`: the closest Sedna hotels, `details.hotel_name`: the name sought. */
  hotelNotFound: 'HOTEL_NOT_FOUND',
  /**
   * The hotel mapping of the item's hotel names a hotel the tenant's current Sedna does not list
   * (or lists under another name: another Sedna's id); never used. `details.hotel_name`,
   * `details.sedna_hotel_id` and `details.sedna_hotel_name` (the mapping's), `details.candidates`.
   */
  hotelMappingStale: 'HOTEL_MAPPING_STALE',
  /** `details.codes`: the room codes Sedna does not know. */
  roomTypeUnknown: 'ROOM_TYPE_UNKNOWN',
  /** `details.codes`: the board codes Sedna does not know. */
  boardUnknown: 'BOARD_UNKNOWN',
  /** The reservation or stop-sale row is gone. */
  itemNotFound: 'ITEM_NOT_FOUND',
  /** Sedna refused the request (ErrorType != 0 or a 4xx). */
  sednaRejected: 'SEDNA_REJECTED',
  /** Connection refused, timeout, reset or 5xx until retries ran out. */
  sednaUnreachable: 'SEDNA_UNREACHABLE',
  /** HTTP 429 until retries ran out. */
  sednaRateLimited: 'SEDNA_RATE_LIMITED',
  /** Sedna kept refusing the session (HTTP 401) until retries ran out. */
  sednaSessionExpired: 'SEDNA_SESSION_EXPIRED',
  /** The tenant has no Sedna settings. */
  sednaNotConfigured: 'SEDNA_NOT_CONFIGURED',
  /**
   * The tenant's Sedna connection (URL, user, operator) is not the one this call belongs to: the
   * run was started on another one, or the stop sale's Phase 1 RecId (the item's `sedna_id`) was
   * issued by another Sedna. Nothing is sent; a retry (a new run) goes to the connection of then.
   */
  sednaConnectionChanged: 'SEDNA_CONNECTION_CHANGED',
  cancelled: 'CANCELLED',
  /** A bug or a broken invariant (e.g. Phase 2 without a stored RecId). */
  internal: 'INTERNAL_ERROR',
} as const;
export type ItemErrorCode = (typeof ITEM_ERROR_CODES)[keyof typeof ITEM_ERROR_CODES];

const ITEM_ERROR_CODE_SET: ReadonlySet<string> = new Set(Object.values(ITEM_ERROR_CODES));

export function isItemErrorCode(value: string | undefined | null): value is ItemErrorCode {
  return !!value && ITEM_ERROR_CODE_SET.has(value);
}

/**
 * Codes that no retry of the same call can change: the activities' retry policies take this list
 * as their `nonRetryableErrorTypes` (a `string[]` in the SDK, hence not readonly; nothing
 * changes it).
 */
export const NON_RETRYABLE_CODES: ItemErrorCode[] = [
  ITEM_ERROR_CODES.hotelNotFound,
  ITEM_ERROR_CODES.hotelMappingStale,
  ITEM_ERROR_CODES.roomTypeUnknown,
  ITEM_ERROR_CODES.boardUnknown,
  ITEM_ERROR_CODES.itemNotFound,
  ITEM_ERROR_CODES.sednaRejected,
  ITEM_ERROR_CODES.sednaNotConfigured,
  ITEM_ERROR_CODES.sednaConnectionChanged,
  ITEM_ERROR_CODES.internal,
];

/** Where an item stopped: loading and resolving, the two stop-sale phases, the insert. */
export const ITEM_STAGES = ['prepare', 'phase1', 'phase2', 'insert'] as const;
export type ItemStage = (typeof ITEM_STAGES)[number];

export interface HotelCandidate {
  sedna_hotel_id: number;
  name: string;
}

/** Data that comes with a code (ApplicationFailure `details[0]`, sync_items.error_details). */
export interface ItemErrorDetails {
  hotel_name?: string;
  candidates?: HotelCandidate[];
  codes?: string[];
  /** HOTEL_MAPPING_STALE: the mapping's hotel id and the name it was mapped to. */
  sedna_hotel_id?: number;
  sedna_hotel_name?: string | null;
}

/** What a failed or cancelled item carries beside its message. Optional: old runs lack it. */
export interface ItemFailureData {
  code?: ItemErrorCode;
  stage?: ItemStage;
  details?: ItemErrorDetails;
  /**
   * A stop sale whose Phase 1 header exists in Sedna: its RecId. Text, as in the workflow
   * histories already recorded; the API's `sedna_id` is the number (itemEvent).
   */
  sednaId?: string;
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

/** What completeItem stored: the Phase 1 RecId (see completeItem) and, when asked, the seq. */
export interface CompletedItem {
  phase1RecId: number | null;
  /** Present when the input had `seqAtCommit`. */
  seq?: number;
}

/**
 * Failed items that fail the same way until someone changes something (the code in Sedna, or
 * the e-mail's data): an unknown room or board code. A retry leaves them out unless asked; the
 * result items and the progress events say `needs_change`. An unknown hotel is not among them:
 * a hotel mapping, made in place, fixes it.
 */
export const NEEDS_CHANGE_CODES: readonly ItemErrorCode[] = [
  ITEM_ERROR_CODES.roomTypeUnknown,
  ITEM_ERROR_CODES.boardUnknown,
];

export function needsChange(item: { status: string; error_code?: string | null }): boolean {
  return (
    item.status === 'failed' &&
    !!item.error_code &&
    (NEEDS_CHANGE_CODES as readonly string[]).includes(item.error_code)
  );
}

/**
 * A stop sale that did not finish while its Phase 1 header exists in Sedna: a header without
 * rooms, which Sedna may read as "all rooms closed". Never silent (SPEC §9).
 */
export function inSednaWithoutRooms(item: {
  type: string;
  status: string;
  sedna_id?: number | null;
}): boolean {
  return item.type === 'stop_sale' && item.status !== 'success' && !!item.sedna_id;
}

/**
 * What an item is about, in the API's result items and progress events (the API adds them; the
 * workflow never carries them). The fields of the other item type are absent.
 */
export interface ItemDetails {
  /** The hotel as the e-mail names it. */
  hotel_name?: string;
  /** Reservation. */
  voucher_no?: string;
  check_in?: string;
  check_out?: string;
  /** Stop sale. */
  date_from?: string;
  date_to?: string;
  /** A reservation's room code; a stop sale's codes, null for all rooms. */
  room_codes?: string[] | null;
}

export interface ItemEvent {
  seq: number;
  email_id: number;
  type: ItemType;
  item_id: number;
  status: ItemOutcome['status'];
  /** The record's Sedna id (RecId); of a failed stop sale, its header's when it exists. */
  sedna_id?: number;
  error?: string;
  code?: ItemErrorCode;
  stage?: ItemStage;
  candidates?: HotelCandidate[];
  codes?: string[];
  hotel_name?: string;
  /** See inSednaWithoutRooms. */
  in_sedna_without_rooms?: boolean;
  /** Of a failed item: see needsChange. */
  needs_change?: boolean;
}

/** A failed or cancelled item's data as the API shows it (result, SSE events). */
export function itemErrorView(
  failure: Omit<ItemFailureData, 'sednaId'> & { error?: string | null },
) {
  return {
    ...(failure.error != null ? { error: failure.error } : {}),
    ...(failure.code ? { code: failure.code } : {}),
    ...(failure.stage ? { stage: failure.stage } : {}),
    ...(failure.details ?? {}),
  };
}

/** Sedna's record id as the API shows it (`sedna_id`): a number, or absent. */
export function sednaIdOf(sednaId: string | number | null | undefined): number | undefined {
  return sednaId === null || sednaId === undefined || sednaId === '' ? undefined : Number(sednaId);
}

/** What an item's event is built from: a child's outcome (ItemOutcome), or the stored item. */
export interface ItemEventSource extends Omit<ItemFailureData, 'sednaId'> {
  status: ItemStatus;
  error?: string | null;
  sednaId?: string | number | null;
}

/**
 * An item's progress event: built by the BulkSync workflow from a child's outcome, and by the
 * API from the stored item once the workflow is gone. Outcomes of children begun on older code
 * may lack code, stage and the RecId.
 */
export function itemEvent(
  seq: number,
  item: { email_id: number; type: ItemType; item_id: number },
  outcome: ItemEventSource,
): ItemEvent {
  const sednaId = sednaIdOf(outcome.sednaId);
  const base = {
    seq,
    email_id: item.email_id,
    type: item.type,
    item_id: item.item_id,
    status: outcome.status as ItemEvent['status'],
    ...(sednaId !== undefined ? { sedna_id: sednaId } : {}),
  };
  if (outcome.status === 'success') return base;
  return {
    ...base,
    ...itemErrorView(outcome),
    in_sedna_without_rooms: inSednaWithoutRooms(base),
    ...(outcome.status === 'failed'
      ? { needs_change: needsChange({ status: outcome.status, error_code: outcome.code }) }
      : {}),
  };
}

/** Whether the tenant's Sedna answered lately (sedna_health); recorded by the Sedna activities. */
export interface SednaHealthView {
  reachable: boolean;
  /** First failed call of the current outage; null when reachable. */
  since: string | null;
  last_error: string | null;
  last_error_at: string | null;
  last_ok_at: string | null;
}

export interface RunCounts {
  total: number;
  successful: number;
  failed: number;
  cancelled: number;
}

export interface BulkSyncInput {
  tenantId: string;
  syncId: string;
  totalItems: number;
  /** Children in flight at once. */
  maxConcurrentItems: number;
  /** Children one workflow run starts before it continues as new. */
  itemsPerRun: number;
  /** Carried across continue-as-new. */
  state?: {
    afterOrdinal: number;
    seq: number;
    counts: RunCounts;
    cancelRequested: boolean;
    continuedTimes: number;
  };
}

export interface ProgressSnapshot {
  total: number;
  /** Events held by the current workflow run start after this sequence number. */
  firstSeqHeld: number;
  /** Sequence number of the newest event. */
  lastSeq: number;
  events: ItemEvent[];
  counts: RunCounts;
  done: boolean;
  status: FinalRunStatus | 'running';
  durationSeconds: number | null;
}

export interface RunResult {
  status: FinalRunStatus | 'running';
  counts: RunCounts;
  durationSeconds: number | null;
}

/** A scheduled run takes the tenant's never-tried pending items, or those that failed transiently. */
export type ScheduledSyncMode = 'pending' | 'retry-failed';

export interface ScheduledSyncInput {
  tenantId: string;
  /** Recorded as the run's requested_by. */
  scheduleId: string;
  mode: ScheduledSyncMode;
  /** Most items one run takes, oldest first. */
  maxItems: number;
}

export const QUERY_PROGRESS = 'progress';
export const QUERY_RESULT = 'result';
export const SIGNAL_CANCEL = 'cancel';

/** A finished scheduled run; null (the workflow's result) when nothing was due. */
export type ScheduledSyncResult = RunResult & { syncId: string };

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

export interface DeliverWebhookInput {
  tenantId: string;
  syncId: string;
  status: FinalRunStatus;
  counts: RunCounts;
}

export type DeliverWebhookResult =
  | { outcome: 'delivered'; statusCode: number; attempt: number }
  /** No webhook configured, or the run's event is not subscribed. */
  | { outcome: 'skipped' };

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

// ---- Workflows: the signatures src/ starts by name -----------------------------------------

export type WebhookDeliveryResult = DeliverWebhookResult | { outcome: 'failed'; error: string };

export type BulkSyncWorkflow = (input: BulkSyncInput) => Promise<RunResult>;
export type SyncItemWorkflow = (input: SyncItemInput) => Promise<ItemOutcome>;
export type ScheduledSyncWorkflow = (
  input: ScheduledSyncInput,
) => Promise<ScheduledSyncResult | null>;
export type WebhookDeliveryWorkflow = (
  input: DeliverWebhookInput,
) => Promise<WebhookDeliveryResult>;

/**
 * The workflow types the worker registers, by name: workflows/index.ts exports exactly these
 * functions (a name or signature that drifts is a type error there). Start one as
 * `client.workflow.start<BulkSyncWorkflow>('bulkSyncWorkflow' satisfies WorkflowType, …)`.
 */
export interface Workflows {
  bulkSyncWorkflow: BulkSyncWorkflow;
  syncItemWorkflow: SyncItemWorkflow;
  scheduledSyncWorkflow: ScheduledSyncWorkflow;
  webhookDeliveryWorkflow: WebhookDeliveryWorkflow;
}
export type WorkflowType = keyof Workflows;
