import {
  continueAsNew,
  patched,
  setCurrentDetails,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  NO_RECONCILE_COUNTS,
  RECONCILE_COMPLETED_EVENT,
  ReconcileCounts,
  ReconcileCursor,
  ReconcileInput,
  ReconcileResult,
  ReconcileUnit,
} from '../src/contract/reconcile';
import { SA_TENANT_ID } from '../src/contract/search-attributes';
import { reconcileWebhookDeliveryId } from '../src/contract/workflow-ids';
import { reconcileReads, reconcileStore } from './activity-options';
import { PATCHES } from './patches';
import { versioningBehavior } from './versioning';
import { startWebhookDelivery, webhookWanted } from './webhook-delivery.workflow';

/** Units one local activity reads, and how many pages one workflow run works. */
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_PAGES_PER_RUN = 20;
/**
 * Reads in flight at once: the tenant's pacer spaces them (never over its limit), so this only
 * keeps enough waiting for its turn that the budget is used.
 */
const READS_IN_FLIGHT = 5;

function add(a: ReconcileCounts, b: ReconcileCounts): ReconcileCounts {
  return {
    match: a.match + b.match,
    missing_in_sedna: a.missing_in_sedna + b.missing_in_sedna,
    different: a.different + b.different,
    only_in_sedna: a.only_in_sedna + b.only_in_sedna,
  };
}

function details(counts: ReconcileCounts): string {
  const checked = counts.match + counts.missing_in_sedna + counts.different;
  return (
    `${checked.toLocaleString('en-US')} checked · ${counts.match} match · ` +
    `${counts.missing_in_sedna} missing · ${counts.different} different · ` +
    `${counts.only_in_sedna} only in Sedna`
  );
}

function check(input: ReconcileInput, reconcileId: string, unit: ReconcileUnit) {
  const base = { tenantId: input.tenantId, reconcileId };
  if (unit.kind === 'stop_sale_hotel') {
    const reads = reconcileReads(`Drift check: stop sales of hotel ${unit.hotelId}`);
    return reads.checkStopSaleHotel({ ...base, hotelId: unit.hotelId });
  }
  const reads = reconcileReads(`Drift check: reservation ${unit.reservationId}`);
  return reads.checkReservation({ ...base, reservationId: unit.reservationId });
}

/** Runs `work` over the units with at most `limit` in flight; the results in unit order. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * The drift check of one tenant (SPEC §12): reads back through Sedna's read calls every item the
 * database holds as synced within the window, a page of units at a time (stop sales by hotel,
 * then reservations), and stores how each compares. It never writes to Sedna. A long check
 * continues as new every `pagesPerRun` pages, so its history stays small. A scheduled check
 * finding another running returns null. A completed check starts its `reconcile.completed`
 * webhook (an abandoned child) when the tenant takes that event.
 */
export async function reconcileWorkflow(input: ReconcileInput): Promise<ReconcileResult | null> {
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const pagesPerRun = input.pagesPerRun ?? DEFAULT_PAGES_PER_RUN;
  let reconcileId: string;
  let cursor: ReconcileCursor | null;
  let counts: ReconcileCounts;
  if (input.state) {
    ({ reconcileId, cursor, counts } = input.state);
  } else {
    reconcileId = input.reconcileId ?? uuid4();
    const opened = await reconcileStore.openReconcileRun({
      tenantId: input.tenantId,
      reconcileId,
      trigger: input.trigger,
      windowDays: input.windowDays,
      workflowId: workflowInfo().workflowId,
    });
    if (!opened) return null;
    cursor = { phase: 'stop_sales', after: 0 };
    counts = { ...NO_RECONCILE_COUNTS };
  }
  for (let page = 0; cursor; page++) {
    if (page >= pagesPerRun) {
      const state = { reconcileId, cursor, counts };
      return continueAsNew<typeof reconcileWorkflow>({ ...input, state });
    }
    try {
      const next: { units: ReconcileUnit[]; cursor: ReconcileCursor | null } =
        await reconcileStore.nextReconcileUnits({ reconcileId, cursor, limit: pageSize });
      const results = await inPool(next.units, READS_IN_FLIGHT, (unit) =>
        check(input, reconcileId, unit),
      );
      counts = results.reduce(add, counts);
      cursor = next.cursor;
    } catch (err) {
      // A read that failed for good (Sedna down past the retries, settings gone) ends the check.
      const error = err instanceof Error ? err.message : String(err);
      await reconcileStore.finishReconcileRun({ reconcileId, status: 'failed', error });
      throw err;
    }
    setCurrentDetails(details(counts));
  }
  const stored = await reconcileStore.finishReconcileRun({ reconcileId, status: 'completed' });
  const { tenantId } = input;
  const event = RECONCILE_COMPLETED_EVENT;
  if (patched(PATCHES.reconcileWebhook) && (await webhookWanted({ tenantId, event }))) {
    await startWebhookDelivery(
      { tenantId, event, reconcileId },
      {
        workflowId: reconcileWebhookDeliveryId(reconcileId),
        staticSummary: `Webhook: drift check completed (${stored.missing_in_sedna} missing, ${stored.different} different, ${stored.only_in_sedna} only in Sedna)`,
        typedSearchAttributes: [{ key: SA_TENANT_ID, value: tenantId }],
      },
    );
  }
  return { reconcileId, status: 'completed', counts: stored };
}

/**
 * Auto-upgrades: a check is short and its state is carried at continue-as-new; a change to it
 * goes behind patched() like any workflow's.
 */
versioningBehavior('AUTO_UPGRADE', reconcileWorkflow);
