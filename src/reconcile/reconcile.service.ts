import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import {
  DEFAULT_RECONCILE_WINDOW_DAYS,
  ReconcileCounts,
  reconcileWorkflowId,
} from '../contract/reconcile';
import { SA_TENANT_ID } from '../contract/search-attributes';
import { ORCHESTRATION_TASK_QUEUE } from '../contract/task-queues';
import type { ReconcileWorkflow, WorkflowType } from '../contract/workflows';
import { SettingsRepository } from '../settings/settings.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type {
  ReconcileDetail,
  ReconcileItem,
  ReconcileList,
  ReconcileRun,
  ReconcileStarted,
} from '../contract/views-reconcile';
import { DRIFT_OUTCOMES, ReconcileItemsQuery, ReconcilePageQuery } from './reconcile.dto';
import { ReconcileErrorCode } from './reconcile.errors';
import { ReconcileItemRow, ReconcileRepository, ReconcileRunRow } from './reconcile.repository';

export function itemView(row: ReconcileItemRow): ReconcileItem {
  return {
    id: Number(row.id),
    type: row.item_type,
    item_id: row.item_id,
    email_id: row.email_id,
    hotel_name: row.hotel_name,
    sedna_hotel_id: row.sedna_hotel_id,
    sedna_id: row.sedna_id,
    outcome: row.outcome,
    fields: row.fields,
    ours: row.ours,
    sedna: row.sedna,
  };
}

/** A check as the API shows it (and its `reconcile.completed` webhook). */
export function runView(row: ReconcileRunRow, counts: ReconcileCounts): ReconcileRun {
  return {
    reconcile_id: row.id,
    status: row.status,
    trigger: row.trigger,
    window_days: row.window_days,
    window_start: row.window_start.toISOString(),
    started_at: row.started_at.toISOString(),
    finished_at: row.finished_at?.toISOString() ?? null,
    error: row.error,
    workflow_id: row.workflow_id,
    counts: {
      ...counts,
      total: counts.match + counts.missing_in_sedna + counts.different + counts.only_in_sedna,
    },
  };
}

export const reconcileNotFound = (id: string) =>
  new ProblemException(404, ReconcileErrorCode.RECONCILE_NOT_FOUND, `Drift check ${id} not found`);

/** The drift check's API side: start one, read one (with its differences), list them. */
@Injectable()
export class ReconcileService {
  constructor(
    private readonly repo: ReconcileRepository,
    private readonly settings: SettingsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /**
   * Opens the check's row (the tenant's one running check: a second is a 409 naming the first)
   * and starts its workflow; a start Temporal refused leaves nothing stored.
   */
  async start(
    auth: AuthContext,
    windowDays = DEFAULT_RECONCILE_WINDOW_DAYS,
  ): Promise<ReconcileStarted> {
    if (!(await this.settings.version(auth.tenantId))) {
      throw new ProblemException(
        409,
        ReconcileErrorCode.SEDNA_NOT_CONFIGURED,
        'Sedna settings are not configured: PUT /api/settings/sedna first',
      );
    }
    const id = randomUUID();
    const workflowId = reconcileWorkflowId(id);
    const opened = await this.repo.openRun({
      id,
      tenantId: auth.tenantId,
      workflowId,
      trigger: 'manual',
      windowDays,
      requestedBy: auth.subject,
    });
    if (!opened) {
      const running = await this.repo.runningRun(auth.tenantId);
      throw new ProblemException(
        409,
        ReconcileErrorCode.RECONCILE_RUNNING,
        `A drift check of this tenant is running (${running?.id ?? 'unknown'}); wait for it to finish`,
        { reconcile_id: running?.id ?? null },
      );
    }
    try {
      await this.temporal.workflow.start<ReconcileWorkflow>(
        'reconcileWorkflow' satisfies WorkflowType,
        {
          taskQueue: ORCHESTRATION_TASK_QUEUE,
          workflowId,
          args: [{ tenantId: auth.tenantId, reconcileId: id, trigger: 'manual', windowDays }],
          typedSearchAttributes: [{ key: SA_TENANT_ID, value: auth.tenantId }],
          staticSummary: `Drift check · tenant ${auth.tenantId} · items synced in the last ${windowDays} days`,
        },
      );
    } catch (err) {
      await this.repo.deleteRun(id);
      throw new ProblemException(
        503,
        ReconcileErrorCode.RECONCILE_START_FAILED,
        `Could not start the drift check: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return {
      reconcile_id: id,
      status: 'running',
      window_days: windowDays,
      workflow_id: workflowId,
    };
  }

  /** The tenant's check, or a 404 (another tenant's check is unknown here). */
  async findRun(tenantId: string, id: string): Promise<ReconcileRunRow> {
    const run = await this.repo.run(id, tenantId);
    if (!run) throw reconcileNotFound(id);
    return run;
  }

  async get(tenantId: string, id: string, query: ReconcileItemsQuery): Promise<ReconcileDetail> {
    const run = await this.findRun(tenantId, id);
    const outcomes = query.outcome?.length ? query.outcome : DRIFT_OUTCOMES;
    const [counts, page] = await Promise.all([
      this.repo.counts(id),
      this.repo.items(id, outcomes, (query.page - 1) * query.limit, query.limit),
    ]);
    return {
      ...runView(run, counts),
      items: page.rows.map(itemView),
      total_items: page.total,
      page: query.page,
      pages: Math.ceil(page.total / query.limit),
      limit: query.limit,
    };
  }

  async list(tenantId: string, query: ReconcilePageQuery): Promise<ReconcileList> {
    const { rows, total } = await this.repo.runs(
      tenantId,
      (query.page - 1) * query.limit,
      query.limit,
    );
    const items = await Promise.all(
      rows.map(async (row) => runView(row, await this.repo.counts(row.id))),
    );
    return {
      items,
      total,
      page: query.page,
      pages: Math.ceil(total / query.limit),
      limit: query.limit,
    };
  }
}
