import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import { completedItemOf, type PreparedItem, preparedItemOf } from '../src/contract/activities';
import { ITEM_ERROR_CODES, type ItemStage } from '../src/contract/item-errors';
import { sednaTimestamp } from '../src/contract/sedna-timestamp';
import type { SednaId } from '../src/contract/sedna-id';
import type { ItemOutcome, SyncItemInput } from '../src/contract/sync-item';
import { described } from './activity-options';
import { failureCode, failureMessage, isTransientFailure } from './failure-message';
import { stepSummaries } from './summaries';
import { versioningBehavior } from './versioning';

/** Loads the item; fetches the reference lists it needs when the cache lacks them. */
async function prepare(
  input: SyncItemInput,
): Promise<Exclude<PreparedItem, { kind: 'needs-references' }>> {
  for (let round = 0; round < 3; round++) {
    const prepared = preparedItemOf(
      await described.itemStore(stepSummaries.prepare(input.item)).prepareItem(input),
    );
    if (prepared.kind !== 'needs-references') return prepared;
    for (const kind of prepared.kinds)
      await described
        .sedna(stepSummaries.referenceList(kind))
        .fetchReferenceList({ tenantId: input.tenantId, kind });
  }
  throw ApplicationFailure.nonRetryable(
    'Sedna reference lists could not be loaded',
    ITEM_ERROR_CODES.internal,
  );
}

/** `at.stage` follows the item through its steps, so a failure names where it happened. */
async function pushToSedna(input: SyncItemInput, at: { stage: ItemStage }): Promise<SednaId> {
  const prepared = await prepare(input);
  if (prepared.kind === 'synced') return prepared.sednaId;
  const { tenantId, item } = input;
  const call = { tenantId, rowId: item.rowId, refs: prepared.refs };
  if (item.type === 'reservation') {
    at.stage = 'insert';
    // A created record is always stored, even when the run is being cancelled.
    const sednaId = await CancellationScope.nonCancellable(() =>
      described
        .sedna(stepSummaries.insert(item))
        .insertReservation({ ...call, reservationId: item.itemId }),
    );
    return sednaId;
  }
  at.stage = 'phase1';
  // Phase 1 is skipped inside the activity when a RecId is stored (a retry of a failed Phase 2).
  const sednaId = await CancellationScope.nonCancellable(() =>
    described.sedna(stepSummaries.phase1(item)).createStopSaleHeader({
      ...call,
      stopSaleId: item.itemId,
      declareDate: sednaTimestamp(Date.now()),
    }),
  );
  at.stage = 'phase2';
  // The header exists in Sedna from here on: Phase 2 retries transient failures for hours.
  // Other options of the same activity are not other commands (every recorded history replays
  // with them unguarded), so no patch: open runs get the longer horizon too.
  await described
    .sednaPhase2(stepSummaries.phase2(prepared.refs, sednaId))
    .attachStopSaleChildren({ ...call, stopSaleId: item.itemId });
  return sednaId;
}

/** One reservation or stop sale into Sedna; always ends with its outcome stored. */
export async function syncItemWorkflow(input: SyncItemInput): Promise<ItemOutcome> {
  const at: { stage: ItemStage } = { stage: 'prepare' };
  let outcome: ItemOutcome;
  try {
    outcome = { status: 'success', sednaId: await pushToSedna(input, at) };
  } catch (err) {
    outcome = isCancellation(err)
      ? { status: 'cancelled', error: 'Cancelled', code: ITEM_ERROR_CODES.cancelled, ...at }
      : {
          status: 'failed',
          error: failureMessage(err),
          transient: isTransientFailure(err),
          ...failureCode(err),
          ...at,
        };
  }
  // Results recorded by older code have other shapes (RecordedCompletedItem).
  const { sednaId, seq } = completedItemOf(
    await CancellationScope.nonCancellable(() =>
      described.itemStore(stepSummaries.complete(outcome)).completeItem(input, outcome),
    ),
  );
  if (outcome.status !== 'success' && typeof sednaId === 'number') outcome.sednaId = sednaId;
  if (seq !== undefined) outcome.seq = seq;
  return outcome;
}

/**
 * Pinned (README, "Deploys"): an item finishes on the version it began on, Phase 2's hours of
 * retries included, so its code may change freely between versions.
 */
versioningBehavior('PINNED', syncItemWorkflow);
