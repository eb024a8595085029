import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowOptions,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import {
  WEBHOOK_FAILURES,
  type WebhookActivities,
  type WebhookSubscribedInput,
} from '../src/contract/activities';
import { ORCHESTRATION_TASK_QUEUE } from '../src/contract/task-queues';
import type { DeliverWebhookInput, WebhookDeliveryResult } from '../src/contract/workflows';
import { webhookSettings } from './activity-options';
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
 * The webhook of a finished run (or a completed drift check), started by BulkSync (or the
 * reconcile workflow) as an abandoned child: it never delays its parent. Its input holds no URL
 * or secret; the activity reads them from the database.
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

/** Whether the tenant's webhook takes the event; when unknown, true (the child's activity reads the settings again and skips when there is none). */
export async function webhookWanted(input: WebhookSubscribedInput): Promise<boolean> {
  try {
    return await webhookSettings.webhookSubscribed(input);
  } catch (err) {
    if (isCancellation(err)) throw err;
    return true;
  }
}

/**
 * Starts a delivery as an abandoned child, after the parent's outcome is recorded: retries of a
 * slow or dead receiver never hold the parent. Only ids (and a run's counts) go in.
 */
export async function startWebhookDelivery(
  input: DeliverWebhookInput,
  options: Pick<ChildWorkflowOptions, 'workflowId' | 'staticSummary' | 'typedSearchAttributes'>,
): Promise<void> {
  try {
    await startChild(webhookDeliveryWorkflow, {
      ...options,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    // Already started (the id is the parent's), or not startable: the parent's outcome, recorded
    // already, does not depend on its webhook.
    if (isCancellation(err)) throw err;
  }
}

/**
 * Auto-upgrades (README, "Deploys"): a delivery retries for up to 2 hours and pinned it would hold
 * the old workers that long. A run of it replays on whatever version is current, so a change to
 * it goes behind patched().
 */
versioningBehavior('AUTO_UPGRADE', webhookDeliveryWorkflow);
