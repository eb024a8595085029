import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../src/config/app-config';
import { bulkSyncInput, insertRun, lockTenantRuns, PlannedItem } from '../src/sync/run-rows';
import {
  BulkSyncInput,
  bulkSyncWorkflowId,
  ItemType,
  ScheduledSyncInput,
  ScheduledSyncMode,
} from '../src/temporal/contract';

export interface ScheduleActivityDeps {
  dataSource: DataSource;
  sync: AppConfig['sync'];
}

/** Which unsynced rows (`x`) a mode takes; `$1` is the tenant. */
const DUE: Record<ScheduledSyncMode, string> = {
  // Never tried, or only cancelled: a failed item waits for a person or the nightly retry.
  pending: `x.status = 'pending'`,
  'retry-failed': `x.status = 'failed' AND (
      SELECT f.failure_kind FROM sync_items f
       WHERE f.tenant_id = $1 AND f.item_type = x.item_type AND f.item_id = x.item_id AND f.status = 'failed'
       ORDER BY f.id DESC LIMIT 1) = 'transient'`,
};

/** The tenant's due items, oldest e-mail first, leaving out those a running run still holds. */
async function dueItems(db: EntityManager, input: ScheduledSyncInput): Promise<PlannedItem[]> {
  const rows: { email_id: number; item_type: ItemType; item_id: number }[] = await db.query(
    `SELECT x.email_id, x.item_type, x.item_id
       FROM (SELECT email_id, 'stop_sale' AS item_type, id AS item_id, status FROM stop_sales
              WHERE tenant_id = $1 AND NOT sedna_synced
             UNION ALL
             SELECT email_id, 'reservation', id, status FROM reservations
              WHERE tenant_id = $1 AND NOT sedna_synced) x
       JOIN emails e ON e.id = x.email_id
      WHERE ${DUE[input.mode]}
        AND NOT EXISTS (
          SELECT 1 FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
           WHERE i.tenant_id = $1 AND i.item_type = x.item_type AND i.item_id = x.item_id
             AND r.status = 'running' AND i.status = 'pending')
      ORDER BY e.received_at, x.email_id, x.item_type, x.item_id
      LIMIT $2`,
    [input.tenantId, input.maxItems],
  );
  return rows.map((r) => ({ emailId: r.email_id, type: r.item_type, itemId: r.item_id }));
}

/** The database step of the scheduled-sync workflow; a local activity in the workflow worker. */
export function createScheduleActivities(deps: ScheduleActivityDeps) {
  return {
    /**
     * Creates the run of one schedule action over the tenant's due items; null when none are
     * due. The workflow chooses `syncId`, so a retried attempt finds the run it already made.
     */
    async createScheduledRun(
      input: ScheduledSyncInput & { syncId: string },
    ): Promise<BulkSyncInput | null> {
      const { tenantId, syncId } = input;
      return deps.dataSource.transaction(async (db) => {
        await lockTenantRuns(db, tenantId);
        const [made]: { total_items: number }[] = await db.query(
          'SELECT total_items FROM sync_runs WHERE sync_id = $1',
          [syncId],
        );
        if (made) {
          return bulkSyncInput(deps.sync, {
            tenantId,
            syncId,
            totalItems: made.total_items,
          });
        }
        const items = await dueItems(db, input);
        if (!items.length) return null;
        await insertRun(db, {
          tenantId,
          syncId,
          workflowId: bulkSyncWorkflowId(syncId),
          trigger: input.mode === 'pending' ? 'schedule' : 'retry',
          requestedBy: input.scheduleId,
          items,
        });
        return bulkSyncInput(deps.sync, { tenantId, syncId, totalItems: items.length });
      });
    },
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
