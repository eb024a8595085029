import {
  ActivityOptions,
  LocalActivityOptions,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type {
  ItemStoreActivities,
  ReconcileSednaActivities,
  ReconcileStoreActivities,
  ScheduleActivities,
  SednaActivities,
  WebhookActivities,
} from '../src/contract/activities';
import { NON_RETRYABLE_CODES } from '../src/contract/item-errors';
import { SEDNA_CALLS_TASK_QUEUE } from '../src/contract/task-queues';

const DATABASE_STEP: LocalActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '500ms',
    maximumInterval: '10s',
    maximumAttempts: 30,
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
};

/** Database steps, run in the workflow worker. */
export const itemStore = proxyLocalActivities<ItemStoreActivities>(DATABASE_STEP);
export const scheduleStore = proxyLocalActivities<ScheduleActivities>(DATABASE_STEP);
export const webhookSettings =
  proxyLocalActivities<Pick<WebhookActivities, 'webhookSubscribed'>>(DATABASE_STEP);

/**
 * Sedna calls, on the shared Sedna-call queue. An attempt first waits for its tenant's paced
 * slot (heartbeating), then makes one request bounded by Sedna's 30 s timeout: the start-to-close
 * timeout leaves room for a long queue of a tenant's requests; a dead worker is noticed by the
 * heartbeat. A 429 sets its own delay (Retry-After).
 *
 * Retry horizon (README, "Outages"): 20 attempts, backoff 1 s doubling up to 60 s, so a call
 * rides out about 14 minutes of a dead Sedna (1+2+4+8+16+32 s, then 13 × 60 s) before its item
 * fails as transient; bounded, so a Sedna that stays down fails items rather than holding runs.
 */
export const SEDNA_CALL: ActivityOptions = {
  taskQueue: SEDNA_CALLS_TASK_QUEUE,
  startToCloseTimeout: '5m',
  heartbeatTimeout: '8s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '60s',
    maximumAttempts: 20,
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
};

export const sedna = proxyActivities<SednaActivities>(SEDNA_CALL);

/**
 * Phase 2 of a stop sale whose header already exists in Sedna (a header without rooms may mean
 * "all rooms closed"): transient failures retry for 6 hours, at most 5 minutes apart, with no
 * attempt cap; non-retryable ones (a refusal, a bug) still fail at once.
 */
export const SEDNA_PHASE2: ActivityOptions = {
  ...SEDNA_CALL,
  scheduleToCloseTimeout: '6h',
  // No maximumAttempts: unlimited, bounded by the schedule-to-close timeout.
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '5m',
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
};

export const sednaPhase2 =
  proxyActivities<Pick<SednaActivities, 'attachStopSaleChildren'>>(SEDNA_PHASE2);

/**
 * The same proxies with a summary for the Temporal UI (summaries.ts): a proxy is no command,
 * so one per call costs nothing, and the summary changes no command's identity.
 */
export const described = {
  itemStore: (summary: string) =>
    proxyLocalActivities<ItemStoreActivities>({ ...DATABASE_STEP, summary }),
  sedna: (summary: string) => proxyActivities<SednaActivities>({ ...SEDNA_CALL, summary }),
  sednaPhase2: (summary: string) =>
    proxyActivities<Pick<SednaActivities, 'attachStopSaleChildren'>>({
      ...SEDNA_PHASE2,
      summary,
    }),
};

/** The drift check's database steps, run in the workflow worker. */
export const reconcileStore = proxyLocalActivities<ReconcileStoreActivities>(DATABASE_STEP);

/** The drift check's Sedna reads: paced and retried as every Sedna call. */
export const reconcileReads = (summary: string) =>
  proxyActivities<ReconcileSednaActivities>({ ...SEDNA_CALL, summary });
