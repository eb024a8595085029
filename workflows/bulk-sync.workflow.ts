import {
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  defineQuery,
  defineSignal,
  executeChild,
  isCancellation,
  makeContinueAsNewFunc,
  ParentClosePolicy,
  patched,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { ITEM_ERROR_CODES } from '../src/contract/item-errors';
import { ItemEvent, itemEvent } from '../src/contract/item-events';
import {
  SA_EMAIL_ID,
  SA_ITEM_TYPE,
  SA_SYNC_ID,
  SA_TENANT_ID,
} from '../src/contract/search-attributes';
import { FinalRunStatus } from '../src/contract/statuses';
import { ItemOutcome, itemOutcomeOf, SyncItemRef } from '../src/contract/sync-item';
import { syncItemWorkflowId, webhookDeliveryId } from '../src/contract/workflow-ids';
import {
  BulkSyncInput,
  ProgressSnapshot,
  QUERY_PROGRESS,
  QUERY_RESULT,
  RunCounts,
  RunResult,
  SIGNAL_CANCEL,
} from '../src/contract/workflows';
import { described, itemStore, sedna } from './activity-options';
import { failureCode, failureMessage } from './failure-message';
import { PATCHES } from './patches';
import { syncItemWorkflow } from './sync-item.workflow';
import { itemDetails, itemSummary, runProgressDetails, stepSummaries } from './summaries';
import { startWebhookDelivery, webhookWanted } from './webhook-delivery.workflow';
import { onVersionedWorker, versioningBehavior } from './versioning';

export const progressQuery = defineQuery<ProgressSnapshot, [number]>(QUERY_PROGRESS);
export const resultQuery = defineQuery<RunResult>(QUERY_RESULT);
export const cancelSignal = defineSignal(SIGNAL_CANCEL);

const PAGE_SIZE = 200;
const EVENTS_PER_QUERY = 500;
/** Sequence numbers are written to the database in batches of this size (runs before seq-at-commit). */
const SEQ_FLUSH_SIZE = 100;

type RunState = NonNullable<BulkSyncInput['state']>;

function finalStatus(state: RunState): FinalRunStatus {
  if (state.cancelRequested) return 'cancelled';
  if (state.counts.failed === 0) return 'completed';
  return state.counts.successful === 0 ? 'failed' : 'partial';
}

function eventOf(seq: number, item: SyncItemRef, outcome: ItemOutcome): ItemEvent {
  return itemEvent(seq, { email_id: item.emailId, type: item.type, item_id: item.itemId }, outcome);
}

/**
 * Worker Deployment Versioning (README, "Deploys"): a run stays on the version it began on, and
 * so do its children. Its next run after a continue-as-new starts on the deployment's current
 * version: a history is never replayed across that boundary (only BulkSyncInput crosses it, a
 * contract type kept compatible), so a long run moves to new code every `itemsPerRun` items
 * instead of holding the old workers until its last item. Another option of the same command:
 * replays unguarded, as retry options do (workflows/patches.ts).
 */
const continueOnCurrentVersion = (next: BulkSyncInput) =>
  makeContinueAsNewFunc<typeof bulkSyncWorkflow>(
    onVersionedWorker() ? { initialVersioningBehavior: 'AUTO_UPGRADE' } : {},
  )(next);

/**
 * One bulk sync: a SyncItem child per item with bounded concurrency, compact progress for the
 * SSE stream, and continue-as-new every `itemsPerRun` items so that history stays small.
 */
export async function bulkSyncWorkflow(input: BulkSyncInput): Promise<RunResult> {
  const state: RunState = input.state ?? {
    afterOrdinal: 0,
    seq: 0,
    counts: { total: input.totalItems, successful: 0, failed: 0, cancelled: 0 },
    cancelRequested: false,
    continuedTimes: 0,
  };
  const firstSeqHeld = state.seq;
  // Once, at the start: a run begun on older code keeps numbering the events itself.
  const seqAtCommit = patched(PATCHES.seqAtCommit);
  /** This run's events, in seq order (children finish in any order). */
  const events: ItemEvent[] = [];
  const unsavedSeqs: { rowId: number; seq: number }[] = [];
  const children = new CancellationScope();
  let inFlight = 0;
  let result: RunResult = { status: 'running', counts: state.counts, durationSeconds: null };

  setHandler(progressQuery, (afterSeq: number) => ({
    total: input.totalItems,
    firstSeqHeld,
    lastSeq: state.seq,
    events: events.filter((e) => e.seq > afterSeq).slice(0, EVENTS_PER_QUERY),
    counts: state.counts,
    done: result.status !== 'running',
    status: result.status,
    durationSeconds: result.durationSeconds,
  }));
  setHandler(resultQuery, () => result);
  setHandler(cancelSignal, () => {
    state.cancelRequested = true;
    children.cancel();
  });

  const showProgress = () => setCurrentDetails(runProgressDetails(state.counts, inFlight));
  const count = (outcome: ItemOutcome) => {
    state.counts[outcome.status === 'success' ? 'successful' : outcome.status]++;
    inFlight--;
    showProgress();
  };
  /** Old path: the event's number is the next of this workflow's. */
  const record = (item: SyncItemRef, outcome: ItemOutcome) => {
    const seq = ++state.seq;
    events.push(eventOf(seq, item, outcome));
    unsavedSeqs.push({ rowId: item.rowId, seq });
    count(outcome);
  };
  /**
   * seq-at-commit: the event's number is the one the item's commit gave it (the database holds
   * it already). Every item of the run gets one of 1..n once, so `state.seq` (the events so
   * far) is the highest once all children are done, as before a continue-as-new.
   */
  const recordNumbered = (item: SyncItemRef, outcome: ItemOutcome, seq: number) => {
    const event = eventOf(seq, item, outcome);
    let at = events.length;
    while (at > 0 && events[at - 1].seq > seq) at--;
    events.splice(at, 0, event);
    state.seq++;
    count(outcome);
  };
  const flushSeqs = async () => {
    const batch = unsavedSeqs.splice(0, unsavedSeqs.length);
    await itemStore.recordEventSeqs(batch);
  };
  const failedChild = (err: unknown): ItemOutcome =>
    isCancellation(err)
      ? { status: 'cancelled', error: 'Cancelled', code: ITEM_ERROR_CODES.cancelled }
      : { status: 'failed', error: failureMessage(err), ...failureCode(err) };
  /** A child that ended without completeItem (or began on older code) has no seq yet. */
  const numbered = async (item: SyncItemRef, outcome: ItemOutcome) => {
    const seq =
      outcome.seq ??
      (await CancellationScope.nonCancellable(() =>
        itemStore.numberItemEvent({ syncId: input.syncId, rowId: item.rowId }),
      ));
    recordNumbered(item, outcome, seq);
  };

  const startChild = (item: SyncItemRef) => {
    inFlight++;
    state.afterOrdinal = item.ordinal;
    const child = children.run(() =>
      executeChild(syncItemWorkflow, {
        workflowId: syncItemWorkflowId(input.syncId, item.type, item.itemId),
        staticSummary: itemSummary(item),
        staticDetails: itemDetails(input.syncId, item, input.totalItems),
        args: [
          {
            tenantId: input.tenantId,
            syncId: input.syncId,
            item,
            ...(seqAtCommit ? { seqAtCommit: true as const } : {}),
          },
        ],
        typedSearchAttributes: [
          { key: SA_TENANT_ID, value: input.tenantId },
          { key: SA_SYNC_ID, value: input.syncId },
          { key: SA_ITEM_TYPE, value: item.type },
          { key: SA_EMAIL_ID, value: item.emailId },
        ],
        // A closed parent asks its children to cancel; they finish Phase 1 and record it first.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      }),
    );
    if (seqAtCommit) {
      // numbered() fails only when its database step ran out of retries: the task fails and
      // is retried, as for any workflow bug.
      // Children begun on older code recorded the id as text (RecordedItemOutcome).
      void child.then(
        (outcome) => numbered(item, itemOutcomeOf(outcome)),
        (err: unknown) => numbered(item, failedChild(err)),
      );
    } else {
      child.then(
        (outcome) => record(item, itemOutcomeOf(outcome)),
        (err: unknown) => record(item, failedChild(err)),
      );
    }
  };

  showProgress();
  if (state.continuedTimes === 0) await warmReferenceCache(input.tenantId);

  let startedHere = 0;
  const mayStartMore = () =>
    !state.cancelRequested &&
    state.afterOrdinal < input.totalItems &&
    startedHere < input.itemsPerRun &&
    !workflowInfo().continueAsNewSuggested;
  while (mayStartMore()) {
    const page = await described
      .itemStore(stepSummaries.itemPage(state.afterOrdinal, PAGE_SIZE))
      .loadItemPage(input.syncId, state.afterOrdinal, PAGE_SIZE);
    if (!page.length) break;
    for (const item of page) {
      await condition(() => inFlight < input.maxConcurrentItems || state.cancelRequested);
      if (!mayStartMore()) break;
      startChild(item);
      startedHere++;
      showProgress();
      if (!seqAtCommit && unsavedSeqs.length >= SEQ_FLUSH_SIZE) await flushSeqs();
    }
  }
  await condition(() => inFlight === 0);
  if (!seqAtCommit) await flushSeqs();

  if (!state.cancelRequested && state.afterOrdinal < input.totalItems) {
    await continueOnCurrentVersion({
      ...input,
      state: { ...state, continuedTimes: state.continuedTimes + 1 },
    });
  }
  return finish(input, state, (next) => (result = next));
}

versioningBehavior('PINNED', bulkSyncWorkflow);

async function finish(
  input: BulkSyncInput,
  state: RunState,
  publish: (r: RunResult) => void,
): Promise<RunResult> {
  const counts: RunCounts = state.cancelRequested
    ? {
        ...state.counts,
        cancelled: state.counts.total - state.counts.successful - state.counts.failed,
      }
    : state.counts;
  const status = finalStatus(state);
  const durationSeconds = await described
    .itemStore(stepSummaries.finishRun(status, counts))
    .finishRun({ syncId: input.syncId, status, counts });
  setCurrentDetails(stepSummaries.finishRun(status, counts));
  const result: RunResult = { status, counts, durationSeconds };
  publish(result);
  if (patched(PATCHES.webhookDelivery) && (await runWebhookWanted(input, status))) {
    // The run's webhook (SPEC §10), delivered by an abandoned child after the run's row is closed.
    await startWebhookDelivery(
      { tenantId: input.tenantId, syncId: input.syncId, status, counts },
      {
        workflowId: webhookDeliveryId(input.syncId),
        staticSummary: `Webhook: run ${status} (${counts.successful} synced, ${counts.failed} failed)`,
        typedSearchAttributes: [
          { key: SA_TENANT_ID, value: input.tenantId },
          { key: SA_SYNC_ID, value: input.syncId },
        ],
      },
    );
  }
  return result;
}

/** A run whose tenant takes no webhook for its outcome starts no delivery child. */
async function runWebhookWanted(input: BulkSyncInput, status: FinalRunStatus): Promise<boolean> {
  if (!patched(PATCHES.webhookOnlyWhenSubscribed)) return true;
  return webhookWanted({ tenantId: input.tenantId, status });
}

/** Fills a stale reference cache once per run instead of once per child. */
async function warmReferenceCache(tenantId: string): Promise<void> {
  const stale = await itemStore.staleReferenceKinds(tenantId);
  try {
    if (!patched(PATCHES.warmUpInOneCall))
      await Promise.all(stale.map((kind) => sedna.fetchReferenceList({ tenantId, kind })));
    else if (stale.length)
      await described
        .sedna(stepSummaries.referenceLists(stale))
        .fetchReferenceLists({ tenantId, kinds: stale });
  } catch {
    // Children fetch what is still missing and fail with the precise reason.
  }
}
