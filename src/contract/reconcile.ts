/**
 * The drift check (SPEC §12): its words, defined once, and the shapes the reconcile workflow,
 * its activities and the API share.
 */

/** How one item compares with what Sedna holds. */
export const RECONCILE_OUTCOMES = [
  'match',
  'missing_in_sedna',
  'different',
  'only_in_sedna',
] as const;
export type ReconcileOutcome = (typeof RECONCILE_OUTCOMES)[number];

/** Which of an item's facts differ in Sedna (`different` items name at least one). */
export const DRIFT_FIELDS = [
  'dates',
  'rooms',
  'boards',
  'close_open',
  'hotel',
  'pax',
  'status',
] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number];

export const RECONCILE_STATUSES = ['running', 'completed', 'failed'] as const;
export type ReconcileStatus = (typeof RECONCILE_STATUSES)[number];
export const RECONCILE_TRIGGERS = ['manual', 'schedule'] as const;
export type ReconcileTrigger = (typeof RECONCILE_TRIGGERS)[number];

export type ReconcileCounts = Record<ReconcileOutcome, number>;

/** The webhook event of a check that ended `completed` (webhook-events.ts). */
export const RECONCILE_COMPLETED_EVENT = 'reconcile.completed';

export const NO_RECONCILE_COUNTS: ReconcileCounts = {
  match: 0,
  missing_in_sedna: 0,
  different: 0,
  only_in_sedna: 0,
};

/** The synced items a check reads back: those synced within this many days. */
export const DEFAULT_RECONCILE_WINDOW_DAYS = 30;
export const MAX_RECONCILE_WINDOW_DAYS = 365;

/** Where the check is in the tenant's synced items: stop sales by hotel, then reservations by id. */
export interface ReconcileCursor {
  phase: 'stop_sales' | 'reservations';
  after: number;
}

/**
 * One unit of work, one Sedna request: a hotel's stop sales (GetStopSaleList), or one
 * reservation (GetReservationByVoucher).
 */
export type ReconcileUnit =
  { kind: 'stop_sale_hotel'; hotelId: number } | { kind: 'reservation'; reservationId: number };

export interface ReconcileInput {
  tenantId: string;
  /** Set when the API opened the run; a scheduled check opens its own. */
  reconcileId?: string;
  trigger: ReconcileTrigger;
  windowDays: number;
  /** Units per page (one local activity reads a page). */
  pageSize?: number;
  /** Pages one workflow run works before it continues as new. */
  pagesPerRun?: number;
  /** Carried across continue-as-new. */
  state?: { reconcileId: string; cursor: ReconcileCursor; counts: ReconcileCounts };
}

export interface ReconcileResult {
  reconcileId: string;
  status: Exclude<ReconcileStatus, 'running'>;
  counts: ReconcileCounts;
}

export function reconcileWorkflowId(reconcileId: string): string {
  return `reconcile-${reconcileId}`;
}

/**
 * Why a check's item cannot be re-synced (`POST /api/reconcile/{id}/resync`): it matches Sedna;
 * no row here holds it; Sedna keeps a header's hotel and dates (its UpdateStopSale refuses to
 * change them); Sedna has no reservation update (and the voucher is taken).
 */
export const RESYNC_REFUSALS = [
  'matches_sedna',
  'no_row_here',
  'sedna_keeps_hotel_and_dates',
  'no_reservation_update',
] as const;
export type ResyncRefusal = (typeof RESYNC_REFUSALS)[number];

/**
 * How a re-sync sends an item through the normal sync: `phase2` a stop sale whose header still
 * exists (its RecId kept, Phase 1 skipped); `afresh` an item Sedna no longer holds (its stored
 * Sedna id cleared: a new Phase 1, or a new insert).
 */
export type ResyncWay = 'phase2' | 'afresh';

/** What a re-sync does with one item of a check: a way, or why not. */
export function resyncWayOf(item: {
  type: 'reservation' | 'stop_sale';
  outcome: ReconcileOutcome;
  fields: readonly DriftField[];
}): { way: ResyncWay } | { refusal: ResyncRefusal } {
  switch (item.outcome) {
    case 'match':
      return { refusal: 'matches_sedna' };
    case 'only_in_sedna':
      return { refusal: 'no_row_here' };
    case 'missing_in_sedna':
      return { way: 'afresh' };
    case 'different':
      if (item.type === 'reservation') return { refusal: 'no_reservation_update' };
      return item.fields.includes('dates') || item.fields.includes('hotel')
        ? { refusal: 'sedna_keeps_hotel_and_dates' }
        : { way: 'phase2' };
  }
}
