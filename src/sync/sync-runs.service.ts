import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { ItemErrorCode } from '../contract/item-errors';
import { type ItemEvent, itemEvent, type ItemEventSource } from '../contract/item-events';
import type { SednaHealthView } from '../contract/views';
import type { Phase2PendingItem, RunSummary } from '../contract/views-sync';
import { type RunResult, SIGNAL_CANCEL } from '../contract/workflows';
import { EmailsRepository } from '../emails/emails.repository';
import { SednaHealthRepository } from '../sedna/sedna-health.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { detailsKey, itemDetailsOf, ItemDetailsView, runItemDetails } from './item-details';
import { RetrySelection, selectRetryItems } from './retry-selection';
import { ChainItemRow, HistoryFilter, ItemRow, RunRow, SyncRepository } from './sync.repository';
import { ensureTemporalReachable } from './temporal-reachable';
import { ProblemException } from '../common/problem';
import { SyncErrorCode } from './sync.errors';

/** A run: its reads (always scoped by tenant) and its cancel signal. */
@Injectable()
export class SyncRunsService {
  constructor(
    private readonly health: SednaHealthRepository,
    private readonly repo: SyncRepository,
    private readonly emails: EmailsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Another tenant's run is a 404 like an unknown one. */
  async findRun(tenantId: string, syncId: string): Promise<RunRow> {
    const run = await this.repo.findRun(tenantId, syncId);
    if (!run)
      throw new ProblemException(
        404,
        SyncErrorCode.SYNC_RUN_NOT_FOUND,
        `Sync run ${syncId} not found`,
      );
    return run;
  }

  items(runId: number): Promise<ItemRow[]> {
    return this.repo.items(runId);
  }

  /**
   * The run's stop sales whose Phase 1 header is in Sedna while Phase 2 is still being tried
   * (status pending, stage phase2, their RecId as `sedna_id`, the last failed attempt's error).
   */
  async phase2Pending(runId: number): Promise<Phase2PendingItem[]> {
    return (await this.repo.phase2PendingItems(runId)).map((row) => ({
      email_id: row.email_id,
      type: row.type,
      item_id: row.item_id,
      status: 'pending',
      ...itemFailureView(row),
      // Already in the view (its header's RecId): said again for its type, it keeps its place.
      sedna_id: row.sedna_id,
    }));
  }

  /** Before a live stream of a running run: Temporal must answer (503 otherwise). */
  ensureWorkflowReachable(run: RunRow): Promise<void> {
    return ensureTemporalReachable(this.temporal, run.workflow_id);
  }

  /** Asks the run's workflow to stop starting items and cancel those in flight. */
  async requestCancel(run: RunRow): Promise<void> {
    await this.temporal.workflow.getHandle(run.workflow_id).signal(SIGNAL_CANCEL);
  }

  /** Whether the tenant's Sedna answered lately; null before its first Sedna call. */
  sednaHealth(tenantId: string): Promise<SednaHealthView | null> {
    return this.health.find(tenantId);
  }

  /**
   * The run's events after `afterSeq`, in order, as the stream sends them: each built from its
   * item's row (toEvent) with what the item is about. `held`: they stop before an item numbered
   * while its row is still pending (its child ended without storing its outcome): the
   * workflow's event tells how it ended, or the row once finishRun cancels it with the run.
   */
  async eventsAfter(
    run: RunRow,
    afterSeq: number,
  ): Promise<{ events: ItemEvent[]; held: boolean }> {
    const rows = await this.repo.finishedItemsAfter(run.id, afterSeq, 2_147_483_647);
    const pending = rows.findIndex((row) => row.status === 'pending');
    const events = (pending < 0 ? rows : rows.slice(0, pending)).map(toEvent);
    return { events: await this.withDetails(run.tenant_id, events), held: pending >= 0 };
  }

  /**
   * Whether items of the run finished before their number reached the database (a run begun
   * before seq-at-commit, whose parent writes the numbers in batches).
   */
  numbersMissing(run: RunRow): Promise<boolean> {
    return this.repo.hasUnnumberedFinished(run.id);
  }

  /** The items with what each is about (hotel, dates or voucher, room codes): one read. */
  async withDetails<T extends { type: ItemRow['type']; item_id: number }>(
    tenantId: string,
    items: T[],
  ): Promise<T[]> {
    if (!items.length) return items;
    const details = await this.detailsOf(tenantId, items);
    return items.map((item) => ({ ...item, ...details.get(detailsKey(item.type, item.item_id)) }));
  }

  /** The run's status and counts; a running run's are its items' so far (counted at commit). */
  async summary(run: RunRow): Promise<{ status: RunResult['status']; summary: RunSummary }> {
    if (run.status === 'running') return { status: 'running', summary: await this.countItems(run) };
    return {
      status: run.status,
      summary: {
        total: run.total_items,
        successful: run.successful_count,
        failed: run.failed_count,
        duration_seconds: run.duration_seconds,
      },
    };
  }

  private async countItems(run: RunRow): Promise<RunSummary> {
    const counts = await this.repo.countItems(run.id);
    return { total: run.total_items, ...counts, duration_seconds: null };
  }

  /** Paged runs of a tenant, newest first; counts of running runs come from their items. */
  history(tenantId: string, page: number, limit: number, filter: HistoryFilter = {}) {
    return this.repo.history(tenantId, page, limit, filter);
  }

  /** The items a retry of the finished run takes, and how many it leaves out (needs_change). */
  async retryItems(runId: number, includeNeedsChange: boolean): Promise<RetrySelection> {
    return selectRetryItems(await this.repo.unfinishedItems(runId), includeNeedsChange);
  }

  /**
   * The tenant's failed items across runs that a bulk retry takes (SyncRepository
   * .latestFailedItems), those needing a change only if asked; `hotel`: only items whose hotel
   * name contains it, case-insensitive. `runs`: how many runs they failed in.
   */
  async failedAcrossRuns(
    tenantId: string,
    filter: { since?: Date; code?: ItemErrorCode; hotel?: string },
    includeNeedsChange: boolean,
  ): Promise<RetrySelection & { runs: number; byCode: Partial<Record<ItemErrorCode, number>> }> {
    let rows = await this.repo.latestFailedItems(tenantId, filter);
    if (filter.hotel !== undefined && rows.length) {
      const wanted = filter.hotel.toLowerCase();
      const details = await this.detailsOf(tenantId, rows);
      rows = rows.filter((row) =>
        details.get(detailsKey(row.type, row.item_id))?.hotel_name?.toLowerCase().includes(wanted),
      );
    }
    const selection = selectRetryItems(rows, includeNeedsChange);
    const keys = new Set(selection.items.map((item) => detailsKey(item.type, item.itemId)));
    const taken = rows.filter((row) => keys.has(detailsKey(row.type, row.item_id)));
    const byCode: Partial<Record<ItemErrorCode, number>> = {};
    for (const { error_code: code } of taken) if (code) byCode[code] = (byCode[code] ?? 0) + 1;
    return { ...selection, runs: new Set(taken.map((r) => r.from_sync_id)).size, byCode };
  }

  /** What a retry of the run can take: its unfinished items and those its chain left behind. */
  retryCandidates(runId: number): Promise<ChainItemRow[]> {
    return this.repo.unfinishedItems(runId);
  }

  /** What the given items of the tenant are about, keyed by detailsKey. */
  detailsOf(
    tenantId: string,
    items: { type: ItemRow['type']; item_id: number }[],
  ): Promise<Map<string, ItemDetailsView>> {
    return itemDetailsOf(this.emails, tenantId, items);
  }

  /** What each item of the run is about, keyed by detailsKey. */
  itemDetails(run: RunRow): Promise<Map<string, ItemDetailsView>> {
    return runItemDetails(this.repo, this.emails, run.tenant_id, run.id);
  }
}

/** The stored item as what its event is built from; its Sedna id is the record's, or of an
 * unfinished stop sale its Phase 1 header's. */
function storedOutcome(row: ItemRow): ItemEventSource {
  return {
    status: row.status,
    error: row.error_message,
    code: row.error_code ?? undefined,
    stage: row.error_stage ?? undefined,
    details: row.error_details ?? undefined,
    sednaId: row.sedna_id,
  };
}

export function toEvent(row: ItemRow): ItemEvent {
  return itemEvent(row.event_seq ?? 0, row, storedOutcome(row));
}

/**
 * An unfinished item's error as data, the same in the result and the SSE events: of a failed or
 * cancelled item its outcome, of a pending stop sale in Phase 2 the last failed attempt.
 */
export function itemFailureView(row: ItemRow) {
  const {
    seq: _seq,
    email_id: _email,
    type: _type,
    item_id: _item,
    status: _status,
    ...view
  } = toEvent(row);
  return { ...view, in_sedna_without_rooms: view.in_sedna_without_rooms ?? false };
}
