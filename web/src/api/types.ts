/** The public REST API's shapes (snake_case, as the server sends them). */
import type { HotelCandidate, ItemErrorCode, ItemStage } from '../../../src/contract/item-errors';
import type { ItemDetails } from '../../../src/contract/item-events';
import type {
  DriftField,
  ReconcileCounts as OutcomeCounts,
  ReconcileOutcome,
  ReconcileStatus,
  ReconcileTrigger,
  ResyncRefusal,
} from '../../../src/contract/reconcile';
import type {
  EmailStatus,
  EmailType,
  ItemEndStatus,
  ItemType,
  RowStatus,
  RunStatus,
  RunTrigger,
} from '../../../src/contract/statuses';
import type { SednaHealthView, WorkersView } from '../../../src/contract/views';
import type { ScheduleKind } from '../../../src/contract/workflows';

// Defined once, in the workflow-safe contract the API and the worker share (types only here).
export type {
  DriftField,
  EmailStatus,
  EmailType,
  HotelCandidate,
  ItemDetails,
  ItemErrorCode,
  ItemStage,
  ItemType,
  ReconcileOutcome,
  ReconcileStatus,
  ResyncRefusal,
  RowStatus,
  RunStatus,
  SednaHealthView,
  WorkersView,
};

export interface EmailItemSummary {
  type: ItemType;
  item_id: number;
  hotel_name: string;
  voucher_no?: string;
  check_in?: string;
  check_out?: string;
  room_type?: string;
  board_type?: string;
  date_from?: string;
  date_to?: string;
  room_types?: string[] | null;
  board_types?: string[] | null;
  is_close?: boolean;
  status: RowStatus;
  sedna_synced: boolean;
  sedna_id: number | null;
  sedna_sync_at: string | null;
}

export interface ParsedData {
  voucher_no?: string;
  hotel_name?: string;
  check_in?: string;
  check_out?: string;
  room_type?: string;
  board_type?: string;
  date_from?: string;
  date_to?: string;
  room_types?: string[] | null;
  /** The first few items; `item_count` says how many the e-mail has. */
  items: EmailItemSummary[];
  item_count?: number;
}

export interface PendingEmail {
  id: number;
  subject: string;
  sender: string;
  email_type: EmailType;
  status: EmailStatus;
  received_at: string;
  parsed_data: ParsedData;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

export interface StartSyncResponse {
  sync_id: string;
  status: 'started';
  total_items: number;
  retry_of?: string;
}

/** How an item of a run ended. */
export type ItemOutcome = ItemEndStatus;

export interface RunSummary {
  total: number;
  successful: number;
  failed: number;
  duration_seconds: number | null;
}

/** One `data:` frame of GET /api/sync/{id}/progress. */
export type ProgressFrame =
  | {
      type: 'progress';
      current: number;
      total: number;
      item: ProgressItem;
    }
  | { type: 'complete'; status: RunStatus; summary: RunSummary }
  /** The tenant's Sedna stopped or resumed answering (no `id:`, sent when it changes). */
  | ({ type: 'sedna' } & SednaHealthView)
  /** The run's stop sales in Sedna without rooms while Phase 2 is tried (no `id:`, all of them). */
  | { type: 'phase2_pending'; items: Phase2PendingItem[] }
  /** No worker polls a task queue (since when), or one does again (no `id:`). */
  | ({ type: 'workers' } & WorkersView);

/** Why an item did not sync, as data (failed and cancelled items). */
export interface ItemErrorData {
  error?: string | null;
  code?: ItemErrorCode;
  stage?: ItemStage;
  /** HOTEL_NOT_FOUND: the name sought and the closest Sedna hotels. */
  hotel_name?: string;
  candidates?: HotelCandidate[];
  /** ROOM_TYPE_UNKNOWN / BOARD_UNKNOWN: the codes Sedna does not know. */
  codes?: string[];
  /** HOTEL_MAPPING_STALE: the mapping's hotel id and the Sedna name it was made for. */
  sedna_hotel_id?: number;
  sedna_hotel_name?: string | null;
  /** A stop sale whose Phase 1 header is in Sedna, but not its rooms (sedna_id is the RecId). */
  in_sedna_without_rooms?: boolean;
}

export interface ProgressItem extends ItemErrorData, ItemDetails {
  email_id: number;
  type: ItemType;
  item_id: number;
  status: ItemOutcome;
  /** Sedna's RecId. */
  sedna_id?: number;
  error?: string;
  /** A failed item that fails the same way until something changes (as in the result). */
  needs_change?: boolean;
}

export interface ResultItemRef extends ItemDetails {
  email_id: number;
  type: ItemType;
  item_id: number;
}

/**
 * A stop sale whose Phase 1 header is in Sedna (`sedna_id`, its RecId) while Phase 2 is still
 * being tried; `error` and `code` are the last failed attempt's, absent before one failed.
 */
export interface Phase2PendingItem extends ResultItemRef, ItemErrorData {
  status: 'pending';
  sedna_id: number;
}

export interface SyncResult {
  sync_id: string;
  status: RunStatus;
  retry_of: string | null;
  /** The run that retried this one (a run is retried once); absent from older APIs. */
  retried_by?: string | null;
  summary: RunSummary;
  successful: (ResultItemRef & { sedna_id: number | null })[];
  failed: (ResultItemRef &
    ItemErrorData & {
      error: string | null;
      sedna_id?: number;
      /** Fails the same way until something changes (unknown room or board code). */
      needs_change?: boolean;
    })[];
  cancelled: (ResultItemRef & ItemErrorData & { sedna_id?: number })[];
  /** Stop sales in Sedna without rooms while Phase 2 is tried (absent from older APIs). */
  phase2_pending?: Phase2PendingItem[];
  /**
   * Items an earlier retry of the chain left out (they need a change), with the run they failed
   * in: a retry of this run takes them when asked. Absent from older APIs.
   */
  left_behind?: (SyncResult['failed'][number] & { from_sync_id: string })[];
  /** Stop sales of this run whose header is in Sedna without rooms (phase2_pending included). */
  in_sedna_without_rooms: number;
  /** Failed and cancelled items a default retry sends (absent from older APIs). */
  retryable_count?: number;
  /** Failed items that need a change first; a retry takes them only when asked. */
  needs_change_count?: number;
  /** The tenant's Sedna as the worker last saw it; null before any call. */
  sedna: SednaHealthView | null;
  /** While running: whether a worker polls the task queues (absent from older APIs). */
  workers?: WorkersView | null;
  temporal_ui_url: string;
}

export interface SyncRunSummary {
  sync_id: string;
  status: RunStatus;
  trigger: RunTrigger;
  retry_of: string | null;
  /** The run that retried this one; absent from older APIs. */
  retried_by?: string | null;
  total: number;
  successful: number;
  failed: number;
  started_at: string;
  completed_at: string | null;
  duration_seconds: number | null;
  temporal_ui_url: string;
}

export interface SednaSettings {
  api_url: string;
  username: string;
  operator_id: number;
  operator_code: string;
  authority_id: number;
  rate_limit_per_second: number;
  password_set: boolean;
  updated_at: string;
}

/** POST /api/settings/sedna/test: a login and a hotel list with the saved settings. */
export type SednaConnectionTest =
  { ok: true; latency_ms: number; hotels: number } | { ok: false; detail: string };

export interface SednaSettingsInput {
  api_url: string;
  username: string;
  /** Write-only: omitted keeps the stored one. */
  password?: string;
  operator_id: number;
  operator_code: string;
  authority_id?: number;
  rate_limit_per_second?: number;
}

export interface HotelMapping {
  id: number;
  hotel_name: string;
  normalized_name: string;
  sedna_hotel_id: number;
  /** Sedna's name for the hotel; null when no hotel list is cached or it lacks the id. */
  sedna_hotel_name: string | null;
  /**
   * The Sedna now configured no longer lists the hotel under the name it was mapped to: never
   * used (its items fail with HOTEL_MAPPING_STALE). Null when no list of that Sedna is cached.
   */
  stale: boolean | null;
  created_at: string;
}

/** GET /api/settings/sedna/hotels: Sedna's active hotels by name, `total` matching. */
export interface SednaHotelsPage {
  items: { id: number; name: string }[];
  total: number;
}

/** GET /api/emails/pending/ids: every e-mail the list shows under its filters. */
export interface MatchingEmailIds {
  ids: number[];
  total: number;
}

/** One Temporal schedule of the tenant (GET /api/schedules). */
export interface TemporalSchedule {
  schedule_id: string;
  kind: ScheduleKind;
  temporal_ui_url: string;
  paused: boolean;
  running: boolean;
  /** Upcoming start times; empty while paused. */
  next_run_times: string[];
}

export interface ScheduleSettings {
  enabled: boolean;
  paused: boolean;
  interval_minutes: number;
  window_start: string;
  window_end: string;
  time_zone: string;
  max_items: number;
  nightly_retry: boolean;
  nightly_retry_time: string;
  drift_check: boolean;
  drift_check_time: string;
  drift_check_window_days: number;
  updated_at: string | null;
  schedules: TemporalSchedule[];
}

/** PUT /api/schedules; omitted fields keep their values. Numbers the user typed badly are sent
 * as typed, for the API to name the field. */
export type ScheduleSettingsInput = Partial<
  Omit<ScheduleSettings, 'paused' | 'updated_at' | 'schedules' | 'interval_minutes' | 'max_items'>
> & { interval_minutes?: number | string; max_items?: number | string };

/** Body of POST /api/sync/retry-failed: which failed items of the tenant, across runs. */
export interface RetryFailedRequest {
  since?: string;
  code?: ItemErrorCode;
  hotel?: string;
  include_needs_change?: boolean;
  dry_run?: boolean;
}

/** Its answer: what the retry takes (a dry run starts nothing and has no sync_id). */
export interface RetryFailedResponse {
  dry_run: boolean;
  count: number;
  skipped_needs_change: number;
  runs: number;
  by_code: Partial<Record<ItemErrorCode, number>>;
  max_items: number;
  sync_id?: string;
  status?: 'started';
}

/** A drift check (GET /api/reconcile, GET /api/reconcile/{id}): counts by outcome. */
export interface ReconcileRun {
  reconcile_id: string;
  status: ReconcileStatus;
  trigger: ReconcileTrigger;
  window_days: number;
  window_start: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  workflow_id: string;
  counts: OutcomeCounts & { total: number };
}

/** One compared item of a check; `ours` and `sedna` hold the compared facts, same keys. */
export interface ReconcileItem {
  /** The item's id in the check (what a re-sync names). */
  id: number;
  type: ItemType;
  item_id: number | null;
  email_id: number | null;
  hotel_name: string | null;
  sedna_hotel_id: number | null;
  sedna_id: number | null;
  outcome: ReconcileOutcome;
  fields: DriftField[];
  ours: Record<string, unknown> | null;
  sedna: Record<string, unknown> | null;
}

export interface ReconcileDetail extends ReconcileRun {
  items: ReconcileItem[];
  total_items: number;
  page: number;
  pages: number;
  limit: number;
}

/** POST /api/reconcile/{id}/resync: what it takes (a dry run starts nothing, has no sync_id). */
export interface ResyncResponse {
  dry_run: boolean;
  reconcile_id: string;
  count: number;
  item_ids: number[];
  phase2_only: number;
  afresh: number;
  left_out: ResyncLeftOut[];
  sync_id?: string;
  status?: 'started';
}

/** An item a re-sync does not take, and why (also `items` of a 409 ITEMS_NOT_RESYNCABLE). */
export interface ResyncLeftOut {
  id: number;
  type: ItemType;
  item_id: number | null;
  outcome: ReconcileOutcome;
  reason: ResyncRefusal;
}
