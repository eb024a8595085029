import { CancellationScope, ParentClosePolicy, startChild, uuid4 } from '@temporalio/workflow';
import { SA_SYNC_ID, SA_TENANT_ID } from '../src/contract/search-attributes';
import { bulkSyncWorkflowId } from '../src/contract/workflow-ids';
import { ScheduledSyncInput, ScheduledSyncResult } from '../src/contract/workflows';
import { scheduleStore } from './activity-options';
import { bulkSyncWorkflow, cancelSignal } from './bulk-sync.workflow';
import { versioningBehavior } from './versioning';

/**
 * One action of a tenant's auto-sync or nightly-retry schedule: a run over the items that are
 * due, synced by a BulkSync child. The child is awaited, so the schedule's SKIP overlap policy
 * spans the whole sync. Null when nothing was due.
 */
export async function scheduledSyncWorkflow(
  input: ScheduledSyncInput,
): Promise<ScheduledSyncResult | null> {
  const syncId = uuid4();
  // Outside this workflow's cancellation, and abandoned if it is terminated: a run whose rows
  // exist always gets its BulkSync, which finishes and records the outcome.
  const child = await CancellationScope.nonCancellable(async () => {
    const run = await scheduleStore.createScheduledRun({ ...input, syncId });
    return (
      run &&
      startChild(bulkSyncWorkflow, {
        workflowId: bulkSyncWorkflowId(syncId),
        args: [run],
        typedSearchAttributes: [
          { key: SA_TENANT_ID, value: input.tenantId },
          { key: SA_SYNC_ID, value: syncId },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      })
    );
  });
  if (!child) return null;
  const outcome = child.result();
  // Cancelling this workflow (e.g. in the Temporal UI) cancels the run the way the API does.
  const cancelled = CancellationScope.current().cancelRequested.catch(() => 'cancel' as const);
  if ((await Promise.race([outcome, cancelled])) === 'cancel') {
    await CancellationScope.nonCancellable(() => child.signal(cancelSignal));
  }
  return { syncId, ...(await outcome) };
}

/**
 * Auto-upgrades (README, "Deploys"): it waits for its BulkSync for as long as the run lasts, and
 * pinned it would hold the old workers until then although its run moves on at continue-as-new.
 * A run of it replays on whatever version is current, so a change to it goes behind patched().
 */
versioningBehavior('AUTO_UPGRADE', scheduledSyncWorkflow);
