/**
 * The workflows' inputs, results, queries and signals, and the signatures src/ starts by name.
 */
import type { ItemEvent } from './item-events';
import type { RECONCILE_COMPLETED_EVENT, ReconcileInput, ReconcileResult } from './reconcile';
import type { FinalRunStatus } from './statuses';
import type { ItemOutcome, SyncItemInput } from './sync-item';

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

/**
 * A tenant's Temporal schedules (their ids, the API's `kind`): two start scheduledSyncWorkflow
 * (see SCHEDULE_MODES), `drift-check` starts reconcileWorkflow.
 */
export const SCHEDULE_KINDS = ['auto-sync', 'nightly-retry', 'drift-check'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

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

/** A finished run's webhook (the input of every delivery before the drift check's). */
export interface RunWebhookInput {
  tenantId: string;
  syncId: string;
  status: FinalRunStatus;
  counts: RunCounts;
}

/** A completed drift check's webhook: the activity reads the check from its row. */
export interface ReconcileWebhookInput {
  tenantId: string;
  event: typeof RECONCILE_COMPLETED_EVENT;
  reconcileId: string;
}

export type DeliverWebhookInput = RunWebhookInput | ReconcileWebhookInput;

export type DeliverWebhookResult =
  | { outcome: 'delivered'; statusCode: number; attempt: number }
  /** No webhook configured, or the event is not subscribed. */
  | { outcome: 'skipped' };

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

export type ReconcileWorkflow = (input: ReconcileInput) => Promise<ReconcileResult | null>;

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
  reconcileWorkflow: ReconcileWorkflow;
}
export type WorkflowType = keyof Workflows;
