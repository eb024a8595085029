import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { WEBHOOK_FAILURES, type WebhookActivities } from '../src/contract/activities';
import { ORCHESTRATION_TASK_QUEUE } from '../src/contract/task-queues';
import type { DeliverWebhookInput, WebhookDeliveryResult } from '../src/contract/workflows';
import { versioningBehavior } from './versioning';

/**
 * One attempt is one POST, bounded by a 15 s answer timeout. Retry horizon (README, "Webhooks"):
 * 2 hours, backoff 2 s doubling up to 10 minutes (about 20 attempts); a 4xx other than 408 and
 * 429 is not retried.
 */
const { deliverWebhook } = proxyActivities<WebhookActivities>({
  taskQueue: ORCHESTRATION_TASK_QUEUE,
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '2h',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    nonRetryableErrorTypes: [WEBHOOK_FAILURES.rejected],
  },
});

/**
 * The webhook of a finished run, started by BulkSync as an abandoned child: it never delays the
 * run. Its input holds no URL or secret; the activity reads them from the database.
 */
export async function webhookDeliveryWorkflow(
  input: DeliverWebhookInput,
): Promise<WebhookDeliveryResult> {
  try {
    return await deliverWebhook(input);
  } catch (err) {
    // Refused by the receiver, or retries ran out: recorded in the delivery log, not an error.
    if (err instanceof ActivityFailure) {
      const cause = err.cause;
      const error =
        cause instanceof ApplicationFailure ? cause.message : (cause?.message ?? err.message);
      return { outcome: 'failed', error };
    }
    throw err;
  }
}

/**
 * Auto-upgrades (README, "Deploys"): a delivery retries for up to 2 hours and pinned it would hold
 * the old workers that long. A run of it replays on whatever version is current, so a change to
 * it goes behind patched().
 */
versioningBehavior('AUTO_UPGRADE', webhookDeliveryWorkflow);
