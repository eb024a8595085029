import type { DataSource, EntityManager } from 'typeorm';
import type {
  ReconcileCounts,
  ReconcileCursor,
  ReconcileOutcome,
  ReconcileStatus,
  ReconcileTrigger,
  ReconcileUnit,
} from '../contract/reconcile';
import { NO_RECONCILE_COUNTS } from '../contract/reconcile';
import type { ReservationRow, StopSaleRow } from '../emails/email-rows';
import type { ItemType } from '../contract/statuses';
import type { ReconcileItem } from '../contract/views-reconcile';

/**
 * The drift check's tables, `reconcile_runs` and `reconcile_items`, and the reads of the synced
 * rows it checks: every statement of them is here (a column name is written here only). Sedna's
 * record id is the column `sedna_rec_id`, read as `sedna_id` (src/contract/sedna-id.ts).
 */

export interface ReconcileRunRow {
  id: string;
  tenant_id: string;
  workflow_id: string;
  trigger: ReconcileTrigger;
  status: ReconcileStatus;
  window_days: number;
  window_start: Date;
  requested_by: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** One compared item as stored (`ours` and `sedna`: the compared facts, same keys on both). */
export interface ReconcileItemRow extends Omit<ReconcileItem, 'id' | 'type'> {
  /** bigserial, as text. */
  id: string;
  item_type: ItemType;
}

export type NewReconcileItem = Omit<ReconcileItemRow, 'id'>;

/** A synced stop sale as the check compares it (its columns as `stop_sales` has them). */
export interface SyncedStopSale extends Pick<
  StopSaleRow,
  | 'id'
  | 'email_id'
  | 'hotel_name'
  | 'date_from'
  | 'date_to'
  | 'room_types'
  | 'board_types'
  | 'is_close'
> {
  sedna_hotel_id: number;
  sedna_id: number;
  /** yyyy-MM-dd of Phase 1's DeclareDate (Sedna's record date), when known. */
  declare_day: string | null;
}

/** A synced reservation as the check compares it (its columns as `reservations` has them). */
export interface SyncedReservation extends Pick<
  ReservationRow,
  | 'id'
  | 'email_id'
  | 'voucher_no'
  | 'hotel_name'
  | 'sedna_hotel_id'
  | 'check_in'
  | 'check_out'
  | 'room_type'
  | 'board_type'
  | 'adults'
  | 'children'
> {
  sedna_id: number;
}

const RUN_COLUMNS = `id, tenant_id, workflow_id, trigger, status, window_days, window_start,
  requested_by, error, started_at, finished_at`;
const ITEM_COLUMNS = `id, item_type, item_id, email_id, hotel_name, sedna_hotel_id,
  sedna_rec_id AS sedna_id, outcome, fields, ours, sedna`;

/** Postgres' unique_violation: the tenant already has a running check. */
const UNIQUE_VIOLATION = '23505';

export class ReconcileRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Opens a running check, its window ending now (database clock); false when another check of
   * the tenant is running. Opening an id that exists is a no-op answered true.
   */
  async openRun(run: {
    id: string;
    tenantId: string;
    workflowId: string;
    trigger: ReconcileTrigger;
    windowDays: number;
    requestedBy?: string | null;
  }): Promise<boolean> {
    try {
      await this.db.query(
        `INSERT INTO reconcile_runs (id, tenant_id, workflow_id, trigger, window_days, window_start, requested_by)
         VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $5), $6)
         ON CONFLICT (id) DO NOTHING`,
        [
          run.id,
          run.tenantId,
          run.workflowId,
          run.trigger,
          run.windowDays,
          run.requestedBy ?? null,
        ],
      );
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw err;
    }
  }

  /** The tenant's running check, if any. */
  async runningRun(tenantId: string): Promise<ReconcileRunRow | null> {
    const [row] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM reconcile_runs WHERE tenant_id = $1 AND status = 'running'`,
      [tenantId],
    );
    return (row as ReconcileRunRow | undefined) ?? null;
  }

  /** A check, by id, only of this tenant (`tenantId` null: any, for the worker). */
  async run(id: string, tenantId: string | null): Promise<ReconcileRunRow | null> {
    const [row] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM reconcile_runs WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)`,
      [id, tenantId],
    );
    return (row as ReconcileRunRow | undefined) ?? null;
  }

  /** The tenant's checks, newest first. */
  async runs(
    tenantId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: ReconcileRunRow[]; total: number }> {
    const rows: ReconcileRunRow[] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM reconcile_runs WHERE tenant_id = $1
        ORDER BY started_at DESC, id LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM reconcile_runs WHERE tenant_id = $1`,
      [tenantId],
    );
    return { rows, total: total as number };
  }

  /** A page of a check's items, optionally of some outcomes, in the order they were stored. */
  async items(
    id: string,
    outcomes: readonly ReconcileOutcome[],
    offset: number,
    limit: number,
  ): Promise<{ rows: ReconcileItemRow[]; total: number }> {
    const where = `reconcile_id = $1 AND outcome = ANY($2::text[])`;
    const rows: ReconcileItemRow[] = await this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM reconcile_items WHERE ${where} ORDER BY id LIMIT $3 OFFSET $4`,
      [id, outcomes, limit, offset],
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM reconcile_items WHERE ${where}`,
      [id, outcomes],
    );
    return { rows, total: total as number };
  }

  /** Items of a check by their ids (the re-sync selection), only of this tenant's check. */
  async itemsById(
    reconcileId: string,
    tenantId: string,
    ids: string[],
  ): Promise<ReconcileItemRow[]> {
    return this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM reconcile_items
        WHERE reconcile_id = $1 AND id = ANY($3::bigint[])
          AND EXISTS (SELECT 1 FROM reconcile_runs r WHERE r.id = $1 AND r.tenant_id = $2)
        ORDER BY id`,
      [reconcileId, tenantId, ids],
    );
  }

  /** A check's counts by outcome, from its items (so they also answer while it runs). */
  async counts(id: string): Promise<ReconcileCounts> {
    const rows: { outcome: ReconcileOutcome; n: number }[] = await this.db.query(
      `SELECT outcome, count(*)::int AS n FROM reconcile_items WHERE reconcile_id = $1 GROUP BY outcome`,
      [id],
    );
    const counts = { ...NO_RECONCILE_COUNTS };
    for (const { outcome, n } of rows) counts[outcome] = n;
    return counts;
  }

  /** Ends a running check with its counts; returns them. */
  async finish(
    id: string,
    status: Exclude<ReconcileStatus, 'running'>,
    error: string | null,
  ): Promise<ReconcileCounts> {
    const counts = await this.counts(id);
    await this.db.query(
      `UPDATE reconcile_runs SET status = $2, error = $3, finished_at = COALESCE(finished_at, now()),
              counts = $4 WHERE id = $1 AND status = 'running'`,
      [id, status, error, JSON.stringify(counts)],
    );
    return counts;
  }

  /** Forgets a check that could not start (its workflow was refused). */
  async deleteRun(id: string): Promise<void> {
    await this.db.query(`DELETE FROM reconcile_runs WHERE id = $1`, [id]);
  }

  /**
   * The next units of a check after `cursor`: the hotels of its synced stop sales, then its
   * synced reservations, each within the check's window.
   */
  async nextUnits(
    run: ReconcileRunRow,
    cursor: ReconcileCursor,
    limit: number,
  ): Promise<{ units: ReconcileUnit[]; cursor: ReconcileCursor | null }> {
    const args = [run.tenant_id, run.window_start, cursor.after, limit];
    if (cursor.phase === 'stop_sales') {
      const rows: { hotel_id: number }[] = await this.db.query(
        `SELECT DISTINCT sedna_hotel_id AS hotel_id FROM stop_sales
          WHERE tenant_id = $1 AND sedna_synced AND sedna_rec_id IS NOT NULL
            AND sedna_hotel_id IS NOT NULL AND sedna_sync_at >= $2 AND sedna_hotel_id > $3
          ORDER BY 1 LIMIT $4`,
        args,
      );
      const units = rows.map((r): ReconcileUnit => ({
        kind: 'stop_sale_hotel',
        hotelId: r.hotel_id,
      }));
      const next: ReconcileCursor =
        rows.length < limit
          ? { phase: 'reservations', after: 0 }
          : { phase: 'stop_sales', after: rows[rows.length - 1].hotel_id };
      return { units, cursor: next };
    }
    const rows: { id: number }[] = await this.db.query(
      `SELECT id FROM reservations
        WHERE tenant_id = $1 AND sedna_synced AND sedna_rec_id IS NOT NULL
          AND sedna_sync_at >= $2 AND id > $3
        ORDER BY id LIMIT $4`,
      args,
    );
    const units = rows.map((r): ReconcileUnit => ({ kind: 'reservation', reservationId: r.id }));
    const next =
      rows.length < limit
        ? null
        : { phase: 'reservations' as const, after: rows[rows.length - 1].id };
    return { units, cursor: next };
  }

  /** The check's synced stop sales of one hotel. */
  syncedStopSales(run: ReconcileRunRow, hotelId: number): Promise<SyncedStopSale[]> {
    return this.db.query(
      `SELECT id, email_id, hotel_name, sedna_hotel_id, sedna_rec_id AS sedna_id,
              to_char(date_from, 'YYYY-MM-DD') AS date_from, to_char(date_to, 'YYYY-MM-DD') AS date_to,
              room_types, board_types, is_close, left(phase1_declare_date, 10) AS declare_day
         FROM stop_sales
        WHERE tenant_id = $1 AND sedna_synced AND sedna_rec_id IS NOT NULL
          AND sedna_hotel_id = $3 AND sedna_sync_at >= $2
        ORDER BY id`,
      [run.tenant_id, run.window_start, hotelId],
    );
  }

  /** Which of these Sedna stop-sale ids some stop sale of the tenant holds (synced or not). */
  async knownStopSaleSednaIds(tenantId: string, sednaIds: number[]): Promise<Set<number>> {
    if (!sednaIds.length) return new Set();
    const rows: { sedna_id: number }[] = await this.db.query(
      `SELECT sedna_rec_id AS sedna_id FROM stop_sales
        WHERE tenant_id = $1 AND sedna_rec_id = ANY($2::int[])`,
      [tenantId, sednaIds],
    );
    return new Set(rows.map((r) => r.sedna_id));
  }

  /** One synced reservation of the check (null: no longer synced, e.g. changed since). */
  async syncedReservation(run: ReconcileRunRow, id: number): Promise<SyncedReservation | null> {
    const [row] = await this.db.query(
      `SELECT id, email_id, voucher_no, hotel_name, sedna_hotel_id, sedna_rec_id AS sedna_id,
              to_char(check_in, 'YYYY-MM-DD') AS check_in, to_char(check_out, 'YYYY-MM-DD') AS check_out,
              room_type, board_type, adults, children
         FROM reservations
        WHERE tenant_id = $1 AND id = $2 AND sedna_synced AND sedna_rec_id IS NOT NULL`,
      [run.tenant_id, id],
    );
    return (row as SyncedReservation | undefined) ?? null;
  }

  /**
   * Stores one unit's outcomes, replacing what an earlier attempt of the same unit stored
   * (`unit`: the stop sales of a hotel, or one reservation).
   */
  async replaceUnitItems(
    reconcileId: string,
    unit: ReconcileUnit,
    items: NewReconcileItem[],
  ): Promise<void> {
    const work = async (db: EntityManager) => {
      if (unit.kind === 'stop_sale_hotel') {
        await db.query(
          `DELETE FROM reconcile_items WHERE reconcile_id = $1 AND item_type = 'stop_sale' AND sedna_hotel_id = $2`,
          [reconcileId, unit.hotelId],
        );
      } else {
        await db.query(
          `DELETE FROM reconcile_items WHERE reconcile_id = $1 AND item_type = 'reservation' AND item_id = $2`,
          [reconcileId, unit.reservationId],
        );
      }
      for (const item of items) {
        await db.query(
          `INSERT INTO reconcile_items (reconcile_id, item_type, item_id, email_id, hotel_name,
             sedna_hotel_id, sedna_rec_id, outcome, fields, ours, sedna)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            reconcileId,
            item.item_type,
            item.item_id,
            item.email_id,
            item.hotel_name,
            item.sedna_hotel_id,
            item.sedna_id,
            item.outcome,
            item.fields,
            item.ours === null ? null : JSON.stringify(item.ours),
            item.sedna === null ? null : JSON.stringify(item.sedna),
          ],
        );
      }
    };
    await this.db.transaction(work);
  }
}
