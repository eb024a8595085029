import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type {
  ItemErrorCode,
  ItemErrorDetails,
  ItemEvent,
  ItemStage,
  ItemType,
  RunCounts,
  RunResult,
  SednaHealthView,
} from '../temporal/contract';
import { inSednaWithoutRooms, itemErrorView, QUERY_RESULT } from '../temporal/contract';
import { readSednaHealth } from '../sedna/sedna-health';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { RunStatus, RunTrigger } from './sync-run.entity';

export interface RunRow {
  id: number;
  sync_id: string;
  tenant_id: string;
  workflow_id: string;
  status: RunStatus;
  trigger: string;
  retry_of: string | null;
  /** The run that retried this one (the first, when old data has several). */
  retried_by: string | null;
  requested_by: string | null;
  total_items: number;
  successful_count: number;
  failed_count: number;
  started_at: Date;
  completed_at: Date | null;
  duration_seconds: number | null;
}

export interface ItemRow {
  email_id: number;
  type: ItemType;
  item_id: number;
  status: 'pending' | 'success' | 'failed' | 'cancelled';
  sedna_rec_id: string | null;
  /** Of a stop sale: the RecId of its Phase 1 header, when it exists in Sedna. */
  phase1_rec_id: number | null;
  error_message: string | null;
  error_code: ItemErrorCode | null;
  error_stage: ItemStage | null;
  error_details: ItemErrorDetails | null;
  event_seq: number | null;
  processed_at: Date | null;
}

/** `retried_by` of the run `r` (idx_sync_runs_retry_of). */
const RETRIED_BY = `(SELECT c.sync_id FROM sync_runs c
    WHERE c.retry_of = r.sync_id AND c.tenant_id = r.tenant_id
    ORDER BY c.created_at, c.id LIMIT 1) AS retried_by`;

/** Filters of the run history; each one given narrows the list. */
export interface HistoryFilter {
  status?: RunStatus;
  trigger?: RunTrigger;
}

/** `AND …` clauses for the filter, numbered from `$first`, and their parameters. */
function historyWhere(filter: HistoryFilter, first: number): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const [column, value] of [
    ['status', filter.status],
    ['trigger', filter.trigger],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`AND r.${column} = $${first + params.length - 1}`);
  }
  return { sql: clauses.join(' '), params };
}

const ITEM_COLUMNS = `email_id, item_type AS type, item_id, status, sedna_rec_id, phase1_rec_id,
  error_message, error_code, error_stage, error_details, event_seq, processed_at`;

export interface RunSummary {
  total: number;
  successful: number;
  failed: number;
  duration_seconds: number | null;
}

/** Reads of runs and their items, always scoped by tenant. */
@Injectable()
export class SyncRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Another tenant's run is a 404 like an unknown one. */
  async findRun(tenantId: string, syncId: string): Promise<RunRow> {
    const [run]: RunRow[] = await this.dataSource.query(
      `SELECT r.*, ${RETRIED_BY} FROM sync_runs r WHERE r.tenant_id = $1 AND r.sync_id = $2`,
      [tenantId, syncId],
    );
    if (!run) throw new NotFoundException({ detail: `Sync run ${syncId} not found` });
    return run;
  }

  async items(runId: number): Promise<ItemRow[]> {
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM sync_items WHERE sync_run_id = $1 ORDER BY ordinal`,
      [runId],
    );
  }

  /** Whether the tenant's Sedna answered lately; null before its first Sedna call. */
  sednaHealth(tenantId: string): Promise<SednaHealthView | null> {
    return readSednaHealth(this.dataSource, tenantId);
  }

  /** Finished items with a sequence number after `afterSeq`, in event order. */
  async eventsAfter(
    runId: number,
    afterSeq: number,
    upToSeq = 2_147_483_647,
  ): Promise<ItemEvent[]> {
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}
         FROM sync_items WHERE sync_run_id = $1 AND event_seq > $2 AND event_seq <= $3 ORDER BY event_seq`,
      [runId, afterSeq, upToSeq],
    );
    return rows.map(toEvent);
  }

  /** Counts from the workflow while it runs (fresher), else from the database. */
  async summary(run: RunRow): Promise<{ status: RunResult['status']; summary: RunSummary }> {
    if (run.status === 'running') {
      const live = await this.queryResult(run.workflow_id);
      if (live)
        return { status: live.status, summary: summaryOf(live.counts, live.durationSeconds) };
      return { status: 'running', summary: await this.countItems(run) };
    }
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
    const [counts]: { successful: number; failed: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'success')::int AS successful,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM sync_items WHERE sync_run_id = $1`,
      [run.id],
    );
    return { total: run.total_items, ...counts, duration_seconds: null };
  }

  /** Paged runs of a tenant, newest first; counts of running runs come from their items. */
  async history(tenantId: string, page: number, limit: number, filter: HistoryFilter = {}) {
    const where = historyWhere(filter, 4);
    const params: unknown[] = [tenantId, limit, (page - 1) * limit, ...where.params];
    const rows: (RunRow & { total: string })[] = await this.dataSource.query(
      `SELECT r.*, count(*) OVER () AS total, ${RETRIED_BY},
              CASE WHEN r.status = 'running' THEN live.successful ELSE r.successful_count END AS successful_count,
              CASE WHEN r.status = 'running' THEN live.failed ELSE r.failed_count END AS failed_count
         FROM sync_runs r
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE i.status = 'success')::int AS successful,
                  count(*) FILTER (WHERE i.status = 'failed')::int AS failed
             FROM sync_items i WHERE i.sync_run_id = r.id AND r.status = 'running') live ON true
        WHERE r.tenant_id = $1 ${where.sql}
        ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : await this.countRuns(tenantId, filter);
    return { rows, total };
  }

  private async countRuns(tenantId: string, filter: HistoryFilter): Promise<number> {
    const where = historyWhere(filter, 2);
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM sync_runs r WHERE r.tenant_id = $1 ${where.sql}`,
      [tenantId, ...where.params],
    );
    return row.n;
  }

  /** Items of a finished run that did not succeed, to run again. */
  async unfinishedItems(
    runId: number,
  ): Promise<{ emailId: number; type: ItemType; itemId: number }[]> {
    const rows: { email_id: number; type: ItemType; item_id: number }[] =
      await this.dataSource.query(
        `SELECT email_id, item_type AS type, item_id FROM sync_items
        WHERE sync_run_id = $1 AND status IN ('failed', 'cancelled', 'pending') ORDER BY ordinal`,
        [runId],
      );
    return rows.map((r) => ({ emailId: r.email_id, type: r.type, itemId: r.item_id }));
  }

  private async queryResult(workflowId: string): Promise<RunResult | null> {
    try {
      const query = () =>
        this.temporal.workflow.getHandle(workflowId).query<RunResult>(QUERY_RESULT);
      return await this.temporal.withDeadline(Date.now() + 5000, query);
    } catch {
      return null;
    }
  }
}

export function summaryOf(counts: RunCounts, durationSeconds: number | null): RunSummary {
  return {
    total: counts.total,
    successful: counts.successful,
    failed: counts.failed,
    duration_seconds: durationSeconds,
  };
}

/** The item's Sedna id: the record's, or of an unfinished stop sale its Phase 1 header's. */
export function itemSednaId(row: ItemRow): string | null {
  if (row.status === 'success') return row.sedna_rec_id;
  return row.phase1_rec_id !== null ? String(row.phase1_rec_id) : null;
}

/** A failed or cancelled item's error as data, the same in the result and the SSE events. */
export function itemFailureView(row: ItemRow) {
  const sednaId = itemSednaId(row);
  return {
    ...itemErrorView({
      error: row.error_message,
      code: row.error_code ?? undefined,
      stage: row.error_stage ?? undefined,
      details: row.error_details ?? undefined,
    }),
    ...(sednaId ? { sedna_id: sednaId } : {}),
    in_sedna_without_rooms: inSednaWithoutRooms({
      type: row.type,
      status: row.status,
      sedna_id: sednaId,
    }),
  };
}

export function toEvent(row: ItemRow): ItemEvent {
  const base = {
    seq: row.event_seq ?? 0,
    email_id: row.email_id,
    type: row.type,
    item_id: row.item_id,
    status: row.status as ItemEvent['status'],
  };
  return row.status === 'success'
    ? { ...base, sedna_id: row.sedna_rec_id ?? undefined }
    : { ...base, ...itemFailureView(row) };
}
