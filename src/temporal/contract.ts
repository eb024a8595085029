/**
 * Names and types shared by the API, the workflows and the activities.
 * Imported by workflow code: keep it free of Node built-ins and I/O.
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

export const ITEM_TYPES = ['reservation', 'stop_sale'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export function bulkSyncWorkflowId(syncId: string): string {
  return `bulk-sync-${syncId}`;
}

export function syncItemWorkflowId(syncId: string, type: ItemType, itemId: number): string {
  return `sync-item-${syncId}-${type}-${itemId}`;
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
}

export interface SyncItemInput {
  tenantId: string;
  syncId: string;
  item: SyncItemRef;
}

export type ItemOutcome =
  | { status: 'success'; sednaId: string }
  /** `transient`: Sedna or a dependency was unavailable until retries ran out; a later run may succeed. */
  | { status: 'failed'; error: string; transient?: boolean }
  | { status: 'cancelled'; error: string };

export interface ItemEvent {
  seq: number;
  email_id: number;
  type: ItemType;
  item_id: number;
  status: ItemOutcome['status'];
  sedna_id?: string;
  error?: string;
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

export type FinalRunStatus = 'completed' | 'partial' | 'failed' | 'cancelled';

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
