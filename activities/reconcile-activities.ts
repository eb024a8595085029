import { ApplicationFailure } from '@temporalio/activity';
import type {
  ReconcileCallInput,
  ReconcileSednaActivities,
  ReconcileStoreActivities,
} from '../src/contract/activities';
import {
  NO_RECONCILE_COUNTS,
  ReconcileCounts,
  ReconcileOutcome,
  ReconcileUnit,
} from '../src/contract/reconcile';
import {
  codeLookup,
  compareReservation,
  compareStopSale,
  Comparison,
  isOperatorStopSale,
  sednaStopSaleFacts,
} from '../src/reconcile/reconcile-compare';
import type { Repositories } from '../src/database/repositories';
import type {
  NewReconcileItem,
  ReconcileRunRow,
  SyncedReservation,
  SyncedStopSale,
} from '../src/reconcile/reconcile.repository';
import type { ItemType } from '../src/contract/statuses';
import type { ReferenceCacheService } from '../src/sedna/reference-cache.service';
import { ITEM_ERROR_CODES } from '../src/contract/item-errors';
import type { SednaCaller } from './sedna-call';

export interface ReconcileActivityDeps {
  repos: Pick<Repositories, 'reconcile'>;
  /** The worker's Sedna request path (activities/sedna-call.ts), shared with the sync. */
  caller: SednaCaller;
  referenceCache: ReferenceCacheService;
}

const DAY_MS = 24 * 60 * 60_000;
const day = (at: Date | number) => new Date(at).toISOString().slice(0, 10);

function outcomeOf(comparison: Comparison): ReconcileOutcome {
  if (comparison.sedna === null) return 'missing_in_sedna';
  return comparison.fields.length ? 'different' : 'match';
}

/** A synced row's item: how it compares with what Sedna holds under its Sedna id. */
function comparedItem(
  type: ItemType,
  row: SyncedStopSale | SyncedReservation,
  comparison: Comparison,
): NewReconcileItem {
  return {
    item_type: type,
    item_id: row.id,
    email_id: row.email_id,
    hotel_name: row.hotel_name,
    sedna_hotel_id: row.sedna_hotel_id,
    sedna_id: row.sedna_id,
    outcome: outcomeOf(comparison),
    fields: comparison.fields,
    ours: comparison.ours,
    sedna: comparison.sedna,
  };
}

function countsOf(items: NewReconcileItem[]): ReconcileCounts {
  const counts = { ...NO_RECONCILE_COUNTS };
  for (const item of items) counts[item.outcome] += 1;
  return counts;
}

/**
 * The drift check's activities: its database steps (local activities) and its Sedna reads (on
 * the Sedna-call queue, each one read request at the tenant's pace through the sync's own
 * request path). Nothing here writes to Sedna: the only client calls are listStopSales and
 * readReservationsByVoucher (and the login the session needs).
 */
export function createReconcileActivities(deps: ReconcileActivityDeps): {
  store: ReconcileStoreActivities;
  sedna: ReconcileSednaActivities;
} {
  const repo = deps.repos.reconcile;

  async function runOf(input: ReconcileCallInput): Promise<ReconcileRunRow> {
    const run = await repo.run(input.reconcileId, input.tenantId);
    if (!run) {
      throw ApplicationFailure.nonRetryable(
        `Drift check ${input.reconcileId} not found`,
        ITEM_ERROR_CODES.internal,
      );
    }
    return run;
  }

  async function store(run: ReconcileRunRow, unit: ReconcileUnit, items: NewReconcileItem[]) {
    await repo.replaceUnitItems(run.id, unit, items);
    return countsOf(items);
  }

  return {
    store: {
      async openReconcileRun(input) {
        const opened = await repo.openRun({
          id: input.reconcileId,
          tenantId: input.tenantId,
          workflowId: input.workflowId,
          trigger: input.trigger,
          windowDays: input.windowDays,
        });
        return opened ? { reconcileId: input.reconcileId } : null;
      },
      async nextReconcileUnits(input) {
        const run = await repo.run(input.reconcileId, null);
        if (!run)
          throw ApplicationFailure.nonRetryable('Drift check not found', ITEM_ERROR_CODES.internal);
        return repo.nextUnits(run, input.cursor, input.limit);
      },
      finishReconcileRun: (input) =>
        repo.finish(input.reconcileId, input.status, input.error ?? null),
    },

    sedna: {
      /**
       * The hotel's stop sales in one GetStopSaleList (by hotel and record date: from the window's
       * start, or the earliest Phase 1 of the rows, to tomorrow), matched to the rows by Sedna id;
       * the operator's headers no row holds are `only_in_sedna`.
       */
      async checkStopSaleHotel(input) {
        const run = await runOf(input);
        const unit: ReconcileUnit = { kind: 'stop_sale_hotel', hotelId: input.hotelId };
        const rows = await repo.syncedStopSales(run, input.hotelId);
        if (!rows.length) return store(run, unit, []);
        const declared = rows.map((r) => r.declare_day).filter((d): d is string => Boolean(d));
        const recordDateBegin = [day(run.window_start), ...declared].sort()[0];
        const { headers, operatorCode } = await deps.caller.withSedna(
          input,
          async (client, creds) => ({
            headers: await client.listStopSales({
              hotelId: input.hotelId,
              recordDateBegin,
              recordDateEnd: day(Date.now() + DAY_MS),
            }),
            operatorCode: creds.operatorCode,
          }),
        );
        const ofHotel = headers.filter((h) => h.hotelId === input.hotelId);
        const bySednaId = new Map(ofHotel.map((h) => [h.sednaId, h]));
        const items = rows.map((row) =>
          comparedItem('stop_sale', row, compareStopSale(row, bySednaId.get(row.sedna_id) ?? null)),
        );
        const rowSednaIds = new Set(rows.map((r) => r.sedna_id));
        const candidates = ofHotel.filter(
          (h) => !rowSednaIds.has(h.sednaId) && isOperatorStopSale(h, operatorCode),
        );
        const known = await repo.knownStopSaleSednaIds(
          run.tenant_id,
          candidates.map((h) => h.sednaId),
        );
        for (const header of candidates.filter((h) => !known.has(h.sednaId))) {
          items.push({
            item_type: 'stop_sale',
            item_id: null,
            email_id: null,
            hotel_name: rows[0].hotel_name,
            sedna_hotel_id: header.hotelId,
            sedna_id: header.sednaId,
            outcome: 'only_in_sedna',
            fields: [],
            ours: null,
            sedna: sednaStopSaleFacts(header),
          });
        }
        return store(run, unit, items);
      },

      /** One GetReservationByVoucher; the reservation is matched by its Sedna id. */
      async checkReservation(input) {
        const run = await runOf(input);
        const unit: ReconcileUnit = { kind: 'reservation', reservationId: input.reservationId };
        const row = await repo.syncedReservation(run, input.reservationId);
        if (!row) return store(run, unit, []);
        const { views, connection } = await deps.caller.withSedna(input, async (client, creds) => ({
          views: await client.readReservationsByVoucher(row.voucher_no),
          connection: creds.connection,
        }));
        const [roomTypes, boards] = await Promise.all([
          deps.referenceCache.storedCodes(run.tenant_id, connection, 'room_types'),
          deps.referenceCache.storedCodes(run.tenant_id, connection, 'boards'),
        ]);
        const view = views.find((v) => v.sednaId === row.sedna_id) ?? null;
        const comparison = compareReservation(row, view, codeLookup(roomTypes, boards));
        return store(run, unit, [comparedItem('reservation', row, comparison)]);
      },
    },
  };
}
