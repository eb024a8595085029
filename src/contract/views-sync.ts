/**
 * The sync routes' answers (POST /api/sync/…, a run's result, the history, the progress frames),
 * as the API sends them.
 */
import type { ItemErrorCode, ItemErrorDetails, ItemStage } from './item-errors';
import type { ItemDetails, ItemEvent } from './item-events';
import type { ItemType, RunStatus, RunTrigger } from './statuses';
import type { SednaHealthView, WorkersView } from './views';

/** POST /api/sync/emails: the run started. */
export interface SyncStarted {
  sync_id: string;
  status: 'started';
  total_items: number;
}

/** POST /api/sync/{id}/retry: the retry started. */
export interface RetryStarted extends SyncStarted {
  /** The run retried. */
  retry_of: string;
  /** Items left out because they need a change first. */
  skipped_needs_change: number;
}

/** POST /api/sync/{id}/cancel. */
export interface SyncCancelling {
  sync_id: string;
  status: 'cancelling';
}

/** A run's counts (the result, the `complete` frame). */
export interface RunSummary {
  total: number;
  successful: number;
  failed: number;
  /** null while running. */
  duration_seconds: number | null;
}

/** Why an item did not sync, as data (SPEC §9), with the data of its code (ItemErrorDetails). */
export interface ItemErrorData extends ItemErrorDetails {
  error?: string | null;
  code?: ItemErrorCode;
  stage?: ItemStage;
  /** A stop sale whose Phase 1 header is in Sedna, but not its rooms (sedna_id is the RecId). */
  in_sedna_without_rooms?: boolean;
}

/** An item of a run, with what it is about. */
export interface ResultItemRef extends ItemDetails {
  email_id: number;
  type: ItemType;
  item_id: number;
}

/** A synced item of the result. */
export interface SyncedItem extends ResultItemRef {
  /** Sedna's RecId. */
  sedna_id: number | null;
}

/** A failed or cancelled item of the result: its error as data. */
export interface UnfinishedItem extends ResultItemRef, ItemErrorData {
  /** Of a stop sale whose Phase 1 header is in Sedna: its RecId. */
  sedna_id?: number;
  in_sedna_without_rooms: boolean;
  /** Of a failed item: see FailedItem. */
  needs_change?: boolean;
}

export interface FailedItem extends UnfinishedItem {
  error: string | null;
  /** Fails the same way until something changes (unknown room or board code). */
  needs_change: boolean;
}

/** An item an earlier retry of the chain left out (it needs a change), with the run it failed in. */
export interface LeftBehindItem extends FailedItem {
  from_sync_id: string;
}

/**
 * A stop sale whose Phase 1 header is in Sedna (`sedna_id`, its RecId) while Phase 2 is still
 * being tried; `error` and `code` are the last failed attempt's, absent before one failed.
 */
export interface Phase2PendingItem extends UnfinishedItem {
  status: 'pending';
  sedna_id: number;
}

/** GET /api/sync/{id}/result (also while the run runs: live counts). */
export interface SyncResult {
  sync_id: string;
  status: RunStatus;
  /** The run this one retried. */
  retry_of: string | null;
  /** The run that retried this one (a run is retried once). */
  retried_by: string | null;
  summary: RunSummary;
  successful: SyncedItem[];
  failed: FailedItem[];
  cancelled: UnfinishedItem[];
  /** Stop sales in Sedna without rooms while Phase 2 is tried (the run is running). */
  phase2_pending: Phase2PendingItem[];
  /**
   * Items an earlier retry of the chain left out (they need a change) that no later run took:
   * a retry of this run takes them when asked.
   */
  left_behind: LeftBehindItem[];
  /** Stop sales of this run whose header is in Sedna without rooms (phase2_pending included). */
  in_sedna_without_rooms: number;
  /** Failed and cancelled items a default retry sends. */
  retryable_count: number;
  /** Failed items that need a change first; a retry takes them only when asked. */
  needs_change_count: number;
  /** The tenant's Sedna as the worker last saw it; null before any call. */
  sedna: SednaHealthView | null;
  /** While running: whether a worker polls the task queues; null once it ended. */
  workers: WorkersView | null;
  temporal_ui_url: string;
}

/** A run of GET /api/sync/history. */
export interface SyncRunSummary {
  sync_id: string;
  status: RunStatus;
  trigger: RunTrigger;
  retry_of: string | null;
  /** The run that retried this one. */
  retried_by: string | null;
  total: number;
  successful: number;
  failed: number;
  started_at: string;
  completed_at: string | null;
  duration_seconds: number | null;
  temporal_ui_url: string;
}

/** A finished item in a `progress` frame: its event without the number (the frame's `current`). */
export type ProgressItem = Omit<ItemEvent, 'seq'> & ItemDetails;

/** One `data:` frame of GET /api/sync/{id}/progress. */
export type ProgressFrame =
  | { type: 'progress'; current: number; total: number; item: ProgressItem }
  | { type: 'complete'; status: RunStatus; summary: RunSummary }
  /** The tenant's Sedna stopped or resumed answering (no `id:`, sent when it changes). */
  | ({ type: 'sedna' } & SednaHealthView)
  /** The run's stop sales in Sedna without rooms while Phase 2 is tried (no `id:`, all of them). */
  | { type: 'phase2_pending'; items: Phase2PendingItem[] }
  /** No worker polls a task queue (since when), or one does again (no `id:`). */
  | ({ type: 'workers' } & WorkersView);

/** Body of POST /api/sync/retry-failed: which failed items of the tenant, across runs. */
export interface RetryFailedRequest {
  /** A day (from 00:00 UTC) or an ISO 8601 date-time with an offset. */
  since?: string;
  code?: ItemErrorCode;
  /** Hotel name contains (case-insensitive). */
  hotel?: string;
  include_needs_change?: boolean;
  dry_run?: boolean;
}

/** Its answer: what the retry takes (a dry run starts nothing and has no sync_id). */
export interface RetryFailedResponse {
  dry_run: boolean;
  count: number;
  skipped_needs_change: number;
  /** Runs the items failed in. */
  runs: number;
  by_code: Partial<Record<ItemErrorCode, number>>;
  /** Most items one bulk retry takes. */
  max_items: number;
  sync_id?: string;
  status?: 'started';
}
