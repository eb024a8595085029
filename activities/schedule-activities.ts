import type { Repositories } from '../src/database/repositories';
import type { AppConfig } from '../src/config/app-config';
import { bulkSyncInput } from '../src/sync/bulk-sync-input';
import { dueItems } from '../src/sync/due-items';
import { ScheduleActivities } from '../src/contract/activities';
import { bulkSyncWorkflowId } from '../src/contract/workflow-ids';
import { BulkSyncInput, ScheduledSyncInput } from '../src/contract/workflows';

export interface ScheduleActivityDeps {
  repos: Repositories;
  sync: AppConfig['sync'];
}

/** The database step of the scheduled-sync workflow; a local activity in the workflow worker. */
export function createScheduleActivities(deps: ScheduleActivityDeps): ScheduleActivities {
  return {
    /**
     * Creates the run of one schedule action over the tenant's due items; null when none are
     * due. The workflow chooses `syncId`, so a retried attempt finds the run it already made.
     */
    async createScheduledRun(
      input: ScheduledSyncInput & { syncId: string },
    ): Promise<BulkSyncInput | null> {
      const { tenantId, syncId } = input;
      return deps.repos.transaction(async ({ sync: runs, emails, settings }) => {
        await runs.lockTenantRuns(tenantId);
        const made = await runs.totalItems(syncId);
        if (made !== null) return bulkSyncInput(deps.sync, { tenantId, syncId, totalItems: made });
        const items = await dueItems(emails, runs, tenantId, input.mode, input.maxItems);
        if (!items.length) return null;
        await runs.insertRun({
          tenantId,
          syncId,
          workflowId: bulkSyncWorkflowId(syncId),
          trigger: input.mode === 'pending' ? 'schedule' : 'retry',
          requestedBy: input.scheduleId,
          sednaConnection: (await settings.version(tenantId))?.connection ?? null,
          items,
        });
        return bulkSyncInput(deps.sync, { tenantId, syncId, totalItems: items.length });
      });
    },
  };
}
