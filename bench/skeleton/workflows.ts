/**
 * The no-work skeleton of a bulk sync (bench "ceiling"): the shape of workflows/bulk-sync and
 * sync-item — a parent that pages its items through a local activity, keeps a window of children
 * (same ids' form, same search attributes, same parent-close policy), continues as new after
 * `itemsPerRun`; each child a local activity, two activities on the call queue, a local activity —
 * with activities that do nothing. What is left is what Temporal and the SDK cost.
 */
import {
  ChildWorkflowCancellationType,
  condition,
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import {
  SA_EMAIL_ID,
  SA_ITEM_TYPE,
  SA_SYNC_ID,
  SA_TENANT_ID,
} from '../../src/contract/search-attributes';
import type { SkeletonActivities } from './activities';

export const SKELETON_QUEUE = 'bench-skeleton';
export const SKELETON_CALLS_QUEUE = 'bench-skeleton-calls';

const store = proxyLocalActivities<SkeletonActivities>({ startToCloseTimeout: '30s' });
const calls = proxyActivities<SkeletonActivities>({
  taskQueue: SKELETON_CALLS_QUEUE,
  startToCloseTimeout: '5m',
  heartbeatTimeout: '8s',
});

export interface SkeletonInput {
  runId: string;
  total: number;
  window: number;
  itemsPerRun: number;
  after?: number;
}

export async function skeletonItemWorkflow(item: number): Promise<number> {
  await store.prepareItem(item);
  await calls.createStopSaleHeader(item);
  await calls.attachStopSaleChildren(item);
  return store.completeItem(item);
}

export async function skeletonBulkWorkflow(input: SkeletonInput): Promise<void> {
  let after = input.after ?? 0;
  let inFlight = 0;
  let startedHere = 0;
  while (after < input.total && startedHere < input.itemsPerRun) {
    const size = Math.min(200, input.itemsPerRun - startedHere);
    const page = await store.loadItemPage(after, size, input.total);
    if (!page.length) break;
    for (const item of page) {
      await condition(() => inFlight < input.window);
      inFlight++;
      after = item;
      startedHere++;
      void executeChild(skeletonItemWorkflow, {
        workflowId: `${input.runId}-item-${item}`,
        args: [item],
        typedSearchAttributes: [
          { key: SA_TENANT_ID, value: 'bench-skeleton' },
          { key: SA_SYNC_ID, value: input.runId },
          { key: SA_ITEM_TYPE, value: 'stopsale' },
          { key: SA_EMAIL_ID, value: item },
        ],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      }).finally(() => inFlight--);
    }
  }
  await condition(() => inFlight === 0);
  if (after < input.total) await continueAsNew<typeof skeletonBulkWorkflow>({ ...input, after });
  await store.finishRun(input.total);
}
