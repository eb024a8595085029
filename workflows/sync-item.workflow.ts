import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import type { PreparedItem } from '../activities/item-store-activities';
import { sednaTimestamp } from '../src/sedna/stop-sale-payload';
import type { ItemOutcome, SyncItemInput } from '../src/temporal/contract';
import { itemStore, sedna } from './activity-options';
import { failureMessage, isTransientFailure } from './failure-message';

/** Loads the item; fetches the reference lists it needs when the cache lacks them. */
async function prepare(
  input: SyncItemInput,
): Promise<Exclude<PreparedItem, { kind: 'needs-references' }>> {
  for (let round = 0; round < 3; round++) {
    const prepared = await itemStore.prepareItem(input);
    if (prepared.kind !== 'needs-references') return prepared;
    for (const kind of prepared.kinds)
      await sedna.fetchReferenceList({ tenantId: input.tenantId, kind });
  }
  throw ApplicationFailure.nonRetryable('Sedna reference lists could not be loaded');
}

async function pushToSedna(input: SyncItemInput): Promise<string> {
  const prepared = await prepare(input);
  if (prepared.kind === 'synced') return prepared.sednaId;
  const { tenantId, item } = input;
  const call = { tenantId, rowId: item.rowId, refs: prepared.refs };
  if (item.type === 'reservation') {
    // A created record is always stored, even when the run is being cancelled.
    const recId = await CancellationScope.nonCancellable(() =>
      sedna.insertReservation({ ...call, reservationId: item.itemId }),
    );
    return String(recId);
  }
  // Phase 1 is skipped inside the activity when a RecId is stored (a retry of a failed Phase 2).
  const recId = await CancellationScope.nonCancellable(() =>
    sedna.createStopSaleHeader({
      ...call,
      stopSaleId: item.itemId,
      declareDate: sednaTimestamp(Date.now()),
    }),
  );
  await sedna.attachStopSaleChildren({ ...call, stopSaleId: item.itemId });
  return String(recId);
}

/** One reservation or stop sale into Sedna; always ends with its outcome stored. */
export async function syncItemWorkflow(input: SyncItemInput): Promise<ItemOutcome> {
  let outcome: ItemOutcome;
  try {
    outcome = { status: 'success', sednaId: await pushToSedna(input) };
  } catch (err) {
    outcome = isCancellation(err)
      ? { status: 'cancelled', error: 'Cancelled' }
      : { status: 'failed', error: failureMessage(err), transient: isTransientFailure(err) };
  }
  await CancellationScope.nonCancellable(() => itemStore.completeItem(input, outcome));
  return outcome;
}
