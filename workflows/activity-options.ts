import { LocalActivityOptions, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ItemStoreActivities } from '../activities/item-store-activities';
import type { ScheduleActivities } from '../activities/schedule-activities';
import type { SednaActivities } from '../activities/sedna-activities';
import { sednaTaskQueue } from '../src/temporal/contract';

/** Failures that no retry can fix: the item or Sedna's answer is wrong, or settings are missing. */
export const NON_RETRYABLE = [
  'ItemRejected',
  'SednaRejected',
  'SednaNotConfigured',
  'MissingRecId',
];

const DATABASE_STEP: LocalActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '500ms',
    maximumInterval: '10s',
    maximumAttempts: 30,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/** Database steps, run in the workflow worker. */
export const itemStore = proxyLocalActivities<ItemStoreActivities>(DATABASE_STEP);
export const scheduleStore = proxyLocalActivities<ScheduleActivities>(DATABASE_STEP);

/**
 * Sedna calls, on the tenant's rate-limited queue. 30 s is Sedna's request timeout; a 429 sets
 * its own delay (Retry-After); attempts are bounded so a dead Sedna fails items, not runs.
 */
export function sednaCalls(tenantId: string) {
  return proxyActivities<SednaActivities>({
    taskQueue: sednaTaskQueue(tenantId),
    startToCloseTimeout: '40s',
    heartbeatTimeout: '8s',
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      maximumAttempts: 12,
      nonRetryableErrorTypes: NON_RETRYABLE,
    },
  });
}
