import type { Workflows } from '../src/contract/workflows';
import type * as registered from './index';

export { bulkSyncWorkflow } from './bulk-sync.workflow';
export { reconcileWorkflow } from './reconcile.workflow';
export { scheduledSyncWorkflow } from './scheduled-sync.workflow';
export { syncItemWorkflow } from './sync-item.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';

/** The worker registers these exports by name: they are the contract's Workflows, exactly. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type ImplementsContract<T extends true = Exactly<typeof registered, Workflows>> = T;
