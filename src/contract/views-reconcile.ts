/** The drift check's answers (GET/POST /api/reconcile…), as the API sends them. */
import type {
  DriftField,
  ReconcileCounts,
  ReconcileOutcome,
  ReconcileStatus,
  ReconcileTrigger,
  ResyncRefusal,
} from './reconcile';
import type { ItemType } from './statuses';
import type { Page } from './views';

/** POST /api/reconcile: the check started. */
export interface ReconcileStarted {
  reconcile_id: string;
  status: 'running';
  window_days: number;
  workflow_id: string;
}

/**
 * A drift check with its counts by outcome (GET /api/reconcile, GET /api/reconcile/{id}, and the
 * `reconcile.completed` webhook).
 */
export interface ReconcileRun {
  reconcile_id: string;
  status: ReconcileStatus;
  trigger: ReconcileTrigger;
  window_days: number;
  /** Items synced since then are checked. */
  window_start: string;
  started_at: string;
  finished_at: string | null;
  /** Why a failed check stopped. */
  error: string | null;
  workflow_id: string;
  counts: ReconcileCounts & { total: number };
}

/** One compared item of a check; `ours` and `sedna` hold the compared facts, same keys. */
export interface ReconcileItem {
  /** The item's id in the check (what a re-sync names). */
  id: number;
  type: ItemType;
  /** The reservation or stop sale; null for only_in_sedna. */
  item_id: number | null;
  email_id: number | null;
  hotel_name: string | null;
  sedna_hotel_id: number | null;
  /** Sedna's record id (RecId). */
  sedna_id: number | null;
  outcome: ReconcileOutcome;
  /** What differs (`different`). */
  fields: DriftField[];
  ours: Record<string, unknown> | null;
  sedna: Record<string, unknown> | null;
}

/** GET /api/reconcile/{id}: the check and a page of the items of the asked outcomes. */
export interface ReconcileDetail extends ReconcileRun {
  items: ReconcileItem[];
  /** Items of the asked outcomes. */
  total_items: number;
  page: number;
  pages: number;
  /** The page size used (a larger `limit` is clamped). */
  limit: number;
}

/** GET /api/reconcile: the tenant's checks, newest first. */
export type ReconcileList = Page<ReconcileRun>;

/** An item a re-sync does not take, and why (also `items` of a 409 ITEMS_NOT_RESYNCABLE). */
export interface ResyncLeftOut {
  /** The item's id in the check. */
  id: number;
  type: ItemType;
  item_id: number | null;
  outcome: ReconcileOutcome;
  reason: ResyncRefusal;
}

/** POST /api/reconcile/{id}/resync: what it takes (a dry run starts nothing, has no sync_id). */
export interface ResyncResponse {
  dry_run: boolean;
  reconcile_id: string;
  /** Items the re-sync takes (or, in a dry run, would take). */
  count: number;
  /** Their ids in the check. */
  item_ids: number[];
  /** Stop sales whose header is still in Sedna: straight to Phase 2. */
  phase2_only: number;
  /** Items Sedna no longer holds: their Sedna id cleared, synced afresh. */
  afresh: number;
  left_out: ResyncLeftOut[];
  sync_id?: string;
  status?: 'started';
}
