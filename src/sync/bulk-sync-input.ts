import type { AppConfig } from '../config/app-config';
import type { BulkSyncInput } from '../contract/workflows';

/** What the BulkSync workflow of a freshly created run starts with (API runs and schedules). */
export function bulkSyncInput(
  sync: AppConfig['sync'],
  run: { tenantId: string; syncId: string; totalItems: number },
): BulkSyncInput {
  return {
    tenantId: run.tenantId,
    syncId: run.syncId,
    totalItems: run.totalItems,
    maxConcurrentItems: sync.maxConcurrentItems,
    itemsPerRun: sync.itemsPerRun,
  };
}
