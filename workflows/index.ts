export { bulkSyncWorkflow } from './bulk-sync.workflow';
export { syncItemWorkflow } from './sync-item.workflow';
