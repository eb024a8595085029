import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { BulkSyncInput, ItemType } from '../temporal/contract';
import type { RunTrigger } from './sync-run.entity';

/**
 * Creating a run's rows, shared by the API (manual runs, retries) and the scheduled-sync
 * activity in the worker.
 */

export interface PlannedItem {
  emailId: number;
  type: ItemType;
  itemId: number;
}

export interface NewRun {
  tenantId: string;
  syncId: string;
  workflowId: string;
  trigger: RunTrigger;
  retryOf?: string;
  /** Token subject, or the id of the schedule that started the run. */
  requestedBy: string | null;
  items: PlannedItem[];
}

/** One start at a time per tenant, so two runs never take the same item; held until commit. */
export async function lockTenantRuns(db: EntityManager, tenantId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [tenantId]);
}

/** The run's row and one pending row per item, in the order given. */
export async function insertRun(db: EntityManager, run: NewRun): Promise<void> {
  const { items } = run;
  const [row]: { id: number }[] = await db.query(
    `INSERT INTO sync_runs (tenant_id, sync_id, workflow_id, status, trigger, retry_of, requested_by, total_items)
     VALUES ($1, $2, $3, 'running', $4, $5, $6, $7) RETURNING id`,
    [
      run.tenantId,
      run.syncId,
      run.workflowId,
      run.trigger,
      run.retryOf ?? null,
      run.requestedBy,
      items.length,
    ],
  );
  await db.query(
    `INSERT INTO sync_items (sync_run_id, tenant_id, ordinal, email_id, item_type, item_id)
     SELECT $1, $2, ord, email_id, item_type, item_id
       FROM unnest($3::int[], $4::varchar[], $5::int[]) WITH ORDINALITY AS t(email_id, item_type, item_id, ord)`,
    [
      row.id,
      run.tenantId,
      items.map((i) => i.emailId),
      items.map((i) => i.type),
      items.map((i) => i.itemId),
    ],
  );
}

/** What the BulkSync workflow of a freshly created run starts with. */
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
