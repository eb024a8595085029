export { bulkSyncWorkflow } from './bulk-sync.workflow';
export { scheduledSyncWorkflow } from './scheduled-sync.workflow';
export { syncItemWorkflow } from './sync-item.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
