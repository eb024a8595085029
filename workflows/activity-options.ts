import { LocalActivityOptions, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ItemStoreActivities } from '../activities/item-store-activities';
import type { ScheduleActivities } from '../activities/schedule-activities';
import type { SednaActivities } from '../activities/sedna-activities';
import { SEDNA_CALLS_TASK_QUEUE } from '../src/temporal/contract';

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
 * Sedna calls, on the shared Sedna-call queue. An attempt first waits for its tenant's paced
 * slot (heartbeating), then makes one request bounded by Sedna's 30 s timeout: the start-to-close
 * timeout leaves room for a long queue of a tenant's requests; a dead worker is noticed by the
 * heartbeat. A 429 sets its own delay (Retry-After); attempts are bounded so a dead Sedna fails
 * items, not runs.
 */
export const sedna = proxyActivities<SednaActivities>({
  taskQueue: SEDNA_CALLS_TASK_QUEUE,
  startToCloseTimeout: '5m',
  heartbeatTimeout: '8s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});
