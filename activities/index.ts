/**
 * Every activity of the worker, built from its dependencies, by the task queue it runs on. The
 * workflows route them (workflows/activity-options.ts); their interfaces are the contract's.
 */
import type {
  ItemStoreActivities,
  ScheduleActivities,
  SednaActivities,
  WebhookActivities,
} from '../src/contract/activities';
import { createItemStoreActivities, type ItemStoreDeps } from './item-store-activities';
import { createScheduleActivities, type ScheduleActivityDeps } from './schedule-activities';
import { createSednaActivities, type SednaActivityDeps } from './sedna-activities';
import { createWebhookActivities, type WebhookActivityDeps } from './webhook-activities';

export type ActivityDeps = ItemStoreDeps &
  ScheduleActivityDeps &
  Omit<SednaActivityDeps, 'timeoutMs'> &
  Omit<WebhookActivityDeps, 'timeoutMs'> & {
    /** How long Sedna has to answer one request. */
    sednaTimeoutMs?: number;
    /** How long a receiver has to answer one webhook delivery attempt. */
    webhookTimeoutMs: number;
  };

export interface WorkerActivities {
  /**
   * On the orchestration queue: the workflows' database steps (local activities) and webhook
   * deliveries, which are not Sedna calls and so stay off the paced Sedna-call queue.
   */
  orchestration: ItemStoreActivities & ScheduleActivities & WebhookActivities;
  /** On the Sedna-call queue: every Sedna call of every tenant. */
  sednaCalls: SednaActivities;
}

export function createActivities(deps: ActivityDeps): WorkerActivities {
  return {
    orchestration: {
      ...createItemStoreActivities(deps),
      ...createScheduleActivities(deps),
      ...createWebhookActivities({ ...deps, timeoutMs: deps.webhookTimeoutMs }),
    },
    sednaCalls: createSednaActivities({ ...deps, timeoutMs: deps.sednaTimeoutMs }),
  };
}
