import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EmailItem, EmailsRepository } from '../emails/emails.repository';
import { SettingsRepository } from '../settings/settings.repository';
import { SA_SYNC_ID, SA_TENANT_ID } from '../contract/search-attributes';
import type { RunTrigger } from '../contract/statuses';
import { ORCHESTRATION_TASK_QUEUE } from '../contract/task-queues';
import { bulkSyncWorkflowId } from '../contract/workflow-ids';
import type { BulkSyncWorkflow, WorkflowType } from '../contract/workflows';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { bulkSyncInput } from './bulk-sync-input';
import { SyncRepository } from './sync.repository';
import { ProblemException } from '../common/problem';
import { SyncErrorCode } from './sync.errors';

interface RunRequest {
  auth: AuthContext;
  items: EmailItem[];
  trigger: RunTrigger;
  retryOf?: string;
  /** Says what the run is for in its Temporal UI line, instead of its trigger. */
  purpose?: string;
  /**
   * Changes to the items' rows that commit with the run's rows (in its transaction, after the
   * check that no running run holds the items), and their undo when Temporal refuses the start.
   */
  rowChanges?: {
    apply(db: EntityManager): Promise<void>;
    undo(): Promise<void>;
  };
}

/** `Bulk sync · 1,000 items · retry of 3f2a…` (the run's line in the Temporal UI). */
function runSummaryText(request: RunRequest): string {
  const items = `${request.items.length.toLocaleString('en-US')} item${request.items.length === 1 ? '' : 's'}`;
  const how = request.retryOf
    ? `retry of ${request.retryOf}`
    : request.trigger === 'retry'
      ? 'retry of failed items across runs'
      : (request.purpose ?? request.trigger);
  return ['Bulk sync', items, how].join(' · ');
}

/** Creates a run's rows and starts its BulkSync workflow. */
@Injectable()
export class SyncStarterService {
  constructor(
    private readonly emails: EmailsRepository,
    private readonly repo: SyncRepository,
    private readonly settings: SettingsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Expands the selected e-mails into their reservations and stop sales. */
  async planFromEmails(tenantId: string, emailIds: number[]): Promise<EmailItem[]> {
    const ids = [...new Set(emailIds)];
    if (!ids.length)
      throw new ProblemException(400, SyncErrorCode.NO_EMAILS_SELECTED, 'No emails selected');
    const cap = this.config.sync.maxEmailsPerRequest;
    if (ids.length > cap) {
      throw new ProblemException(
        413,
        SyncErrorCode.TOO_MANY_EMAILS,
        `Too many emails selected: ${ids.length}, at most ${cap} per request`,
        { max: cap },
      );
    }
    const known = await this.emails.existingEmailIds(tenantId, ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ProblemException(
        404,
        SyncErrorCode.EMAILS_NOT_FOUND,
        `Emails not found: ${unknown.slice(0, 50).join(', ')}`,
        { email_ids: unknown.slice(0, 50) },
      );
    }
    const items = await this.emails.itemsOf(tenantId, ids);
    if (!items.length) {
      throw new ProblemException(
        400,
        SyncErrorCode.NO_SYNC_ITEMS,
        'The selected emails carry no reservations or stop sales',
      );
    }
    return items;
  }

  async start(request: RunRequest): Promise<{ syncId: string; totalItems: number }> {
    const syncId = randomUUID();
    const workflowId = bulkSyncWorkflowId(syncId);
    // Read before the transaction, never inside it: a read on another pooled connection while the
    // transaction holds one waits for a free connection, and with many tenants starting at once
    // every connection is held by a transaction waiting so (a start hung 300 s that way at 200
    // tenants). A change between this read and the insert only makes the run's items fail with
    // SEDNA_CONNECTION_CHANGED: nothing goes to the other Sedna.
    const sednaConnection =
      (await this.settings.version(request.auth.tenantId))?.connection ?? null;
    await this.repo.transaction((repo, db) =>
      this.createRun(repo, db, syncId, workflowId, request, sednaConnection),
    );
    try {
      await this.temporal.workflow.start<BulkSyncWorkflow>(
        'bulkSyncWorkflow' satisfies WorkflowType,
        {
          taskQueue: ORCHESTRATION_TASK_QUEUE,
          workflowId,
          args: [
            bulkSyncInput(this.config.sync, {
              tenantId: request.auth.tenantId,
              syncId,
              totalItems: request.items.length,
            }),
          ],
          typedSearchAttributes: [
            { key: SA_TENANT_ID, value: request.auth.tenantId },
            { key: SA_SYNC_ID, value: syncId },
          ],
          // The Temporal UI's line for the run; its current details follow its progress.
          staticSummary: runSummaryText(request),
        },
      );
    } catch (err) {
      // Nothing half stored: a run that could not start leaves no rows, and no rows changed.
      await this.repo.deleteRun(syncId);
      await request.rowChanges?.undo();
      throw new ProblemException(
        503,
        SyncErrorCode.WORKFLOW_START_FAILED,
        `Could not start the sync workflow: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return { syncId, totalItems: request.items.length };
  }

  private async createRun(
    repo: SyncRepository,
    db: EntityManager,
    syncId: string,
    workflowId: string,
    request: RunRequest,
    sednaConnection: string | null,
  ): Promise<void> {
    const { auth, items } = request;
    await repo.lockTenantRuns(auth.tenantId);
    if (request.retryOf) await this.refuseSuperseded(repo, auth.tenantId, request.retryOf);
    await this.refuseItemsInFlight(repo, auth.tenantId, items);
    await request.rowChanges?.apply(db);
    return repo.insertRun({
      tenantId: auth.tenantId,
      syncId,
      workflowId,
      trigger: request.trigger,
      retryOf: request.retryOf,
      requestedBy: auth.subject,
      // The run's items go to this connection only (SEDNA_CONNECTION_CHANGED otherwise).
      sednaConnection,
      items,
    });
  }

  /**
   * A run is retried once: its retry supersedes it, and a second retry would send the same
   * failures again beside the first. Checked under the tenant's start lock, so two retries
   * racing each other cannot both pass.
   */
  private async refuseSuperseded(repo: SyncRepository, tenantId: string, syncId: string) {
    const retriedBy = await repo.retriedBy(tenantId, syncId);
    if (retriedBy) {
      throw new ProblemException(
        409,
        SyncErrorCode.ALREADY_RETRIED,
        `Sync run ${syncId} was already retried by run ${retriedBy}; retry that run instead`,
        { retried_by: retriedBy },
      );
    }
  }

  private async refuseItemsInFlight(repo: SyncRepository, tenantId: string, items: EmailItem[]) {
    const busy = await repo.itemsInFlight(tenantId, items);
    if (busy.length) {
      const emails = [...new Set(busy.map((b) => b.email_id))].join(', ');
      throw new ProblemException(
        409,
        SyncErrorCode.EMAILS_IN_RUNNING_RUN,
        `Emails ${emails} are being synced by run ${busy[0].sync_id}; wait for it or cancel it`,
        { sync_id: busy[0].sync_id },
      );
    }
  }
}
