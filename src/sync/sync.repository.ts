import type { DataSource, EntityManager } from 'typeorm';
import { emailItem, type EmailItem, type EmailItemRow } from '../emails/emails.repository';
import {
  ITEM_ERROR_CODES,
  type ItemErrorCode,
  type ItemErrorDetails,
  type ItemStage,
} from '../contract/item-errors';
import type {
  FinalRunStatus,
  ItemStatus,
  ItemType,
  RunStatus,
  RunTrigger,
} from '../contract/statuses';
import type { ItemOutcome, SyncItemRef } from '../contract/sync-item';
import type { RunCounts, ScheduledSyncMode } from '../contract/workflows';
import type { SednaId } from '../contract/sedna-id';
import { PROGRESS_CHANNEL } from './progress-notifications';

/**
 * The sync aggregate's tables, `sync_runs` and `sync_items`: every read and write of them, by
 * the API (start, result, progress, history, retry, report), and the worker (schedules, item
 * outcomes, paging, run end). Rows are typed here; a column name is written here only. What an
 * item is about (its e-mail, hotel, dates) is EmailsRepository's: the services combine the two.
 *
 * Built on a DataSource, or on a transaction's EntityManager (`new SyncRepository(db)`) when its
 * writes must commit with other tables' (an item's outcome with its reservation or stop sale).
 */

/** Of a failed item: whether a later run may succeed (the nightly retry takes `transient`). */
export type FailureKind = 'transient' | 'permanent';

/** A sync_runs row, with the run that retried it. */
export interface RunRow {
  id: number;
  sync_id: string;
  tenant_id: string;
  workflow_id: string;
  status: RunStatus;
  trigger: RunTrigger;
  /** The run this one retries the failures of. */
  retry_of: string | null;
  /** The run that retried this one (the first, when old data has several). */
  retried_by: string | null;
  /** Token subject, or the id of the schedule that started the run. */
  requested_by: string | null;
  total_items: number;
  successful_count: number;
  failed_count: number;
  started_at: Date;
  completed_at: Date | null;
  duration_seconds: number | null;
}

/** A sync_items row as the API shows it. */
export interface ItemRow {
  email_id: number;
  type: ItemType;
  item_id: number;
  status: ItemStatus;
  /** See SEDNA_ID. */
  sedna_id: SednaId | null;
  error_message: string | null;
  error_code: ItemErrorCode | null;
  error_stage: ItemStage | null;
  error_details: ItemErrorDetails | null;
  /** Sequence number of the item's progress event (its SSE id); set when it finishes. */
  event_seq: number | null;
  processed_at: Date | null;
}

/** An item's row of the report (its e-mail's subject and what it is about come from
 * EmailsRepository). */
export type ReportItemRow = Omit<ItemRow, 'error_details' | 'event_seq'>;

/** An item a retry of a run can take (failed, cancelled or never started; unfinishedItems). */
export interface ChainItemRow extends ItemRow {
  /** Left out by an earlier run's retry (it needs a change): not an item of this run. */
  left_behind: boolean;
  /** The run whose outcome of the item this is. */
  from_sync_id: string;
}

export interface NewRun {
  tenantId: string;
  syncId: string;
  workflowId: string;
  trigger: RunTrigger;
  retryOf?: string;
  /** Token subject, or the id of the schedule that started the run. */
  requestedBy: string | null;
  /**
   * The tenant's Sedna connection when the run starts (tenant_settings.sedna_connection; null
   * without settings): the run's items are sent to it or fail with SEDNA_CONNECTION_CHANGED.
   */
  sednaConnection: string | null;
  items: EmailItem[];
}

/** Filters of the run history; each one given narrows the list. */
export interface HistoryFilter {
  status?: RunStatus;
  trigger?: RunTrigger;
}

/** `retried_by` of the run `r` (idx_sync_runs_retry_of). */
const RETRIED_BY = `(SELECT c.sync_id FROM sync_runs c
    WHERE c.retry_of = r.sync_id AND c.tenant_id = r.tenant_id
    ORDER BY c.created_at, c.id LIMIT 1) AS retried_by`;

const RUN_COLUMNS = `r.id, r.sync_id, r.tenant_id, r.workflow_id, r.status, r.trigger, r.retry_of,
  r.requested_by, r.total_items, r.successful_count, r.failed_count, r.started_at, r.completed_at,
  r.duration_seconds`;

/**
 * An item's Sedna id as the API shows it (`sedna_id`): the record's (sync_items.sedna_rec_id)
 * once it succeeded; otherwise, of a stop sale, its Phase 1 header's when that exists
 * (phase1_rec_id).
 */
const SEDNA_ID = `CASE WHEN i.status = 'success' THEN i.sedna_rec_id ELSE i.phase1_rec_id END AS sedna_id`;

const ITEM_COLUMNS = `i.email_id, i.item_type AS type, i.item_id, i.status, ${SEDNA_ID},
  i.error_message, i.error_code, i.error_stage, i.error_details, i.event_seq, i.processed_at`;

/** Items a run has not finished: taken by a retry, and held against another run's start. */
const UNFINISHED = `i.status IN ('failed', 'cancelled', 'pending')`;

/** Successful and failed item counts of the run `r`, while it runs. */
const LIVE_COUNTS = `count(*) FILTER (WHERE i.status = 'success')::int AS successful,
  count(*) FILTER (WHERE i.status = 'failed')::int AS failed`;

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

export class SyncRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The work in one transaction, with a repository on it. */
  transaction<T>(work: (repo: SyncRepository, db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction((db) => work(new SyncRepository(db), db));
  }

  // --- runs ---

  /** One start at a time per tenant, so two runs never take the same item; held until commit. */
  async lockTenantRuns(tenantId: string): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [tenantId]);
  }

  /** The run's row and one pending row per item, in the order given. */
  async insertRun(run: NewRun): Promise<void> {
    const { items } = run;
    const [row]: { id: number }[] = await this.db.query(
      `INSERT INTO sync_runs (tenant_id, sync_id, workflow_id, status, trigger, retry_of, requested_by, total_items, sedna_connection)
       VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8) RETURNING id`,
      [
        run.tenantId,
        run.syncId,
        run.workflowId,
        run.trigger,
        run.retryOf ?? null,
        run.requestedBy,
        items.length,
        run.sednaConnection,
      ],
    );
    await this.db.query(
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

  /** A run that could not start leaves no rows (its items go with it). */
  async deleteRun(syncId: string): Promise<void> {
    await this.db.query('DELETE FROM sync_runs WHERE sync_id = $1', [syncId]);
  }

  /** The tenant's run, or null (another tenant's run is not found either). */
  async findRun(tenantId: string, syncId: string): Promise<RunRow | null> {
    const [run]: RunRow[] = await this.db.query(
      `SELECT ${RUN_COLUMNS}, ${RETRIED_BY} FROM sync_runs r WHERE r.tenant_id = $1 AND r.sync_id = $2`,
      [tenantId, syncId],
    );
    return run ?? null;
  }

  /** The tenant of a run, or null when there is no such run. */
  async tenantOfRun(syncId: string): Promise<string | null> {
    const [run]: { tenant_id: string }[] = await this.db.query(
      'SELECT tenant_id FROM sync_runs WHERE sync_id = $1',
      [syncId],
    );
    return run?.tenant_id ?? null;
  }

  /** Item count of a run made already (a retried schedule activity finds its run), or null. */
  async totalItems(syncId: string): Promise<number | null> {
    const [run]: { total_items: number }[] = await this.db.query(
      'SELECT total_items FROM sync_runs WHERE sync_id = $1',
      [syncId],
    );
    return run?.total_items ?? null;
  }

  /** When the run was closed (its finish), or null while it runs or when there is none. */
  async completedAt(tenantId: string, syncId: string): Promise<Date | null> {
    const [run]: { completed_at: Date | null }[] = await this.db.query(
      'SELECT completed_at FROM sync_runs WHERE tenant_id = $1 AND sync_id = $2',
      [tenantId, syncId],
    );
    return run?.completed_at ?? null;
  }

  /** The first run that retried the tenant's run `syncId`, or null. */
  async retriedBy(tenantId: string, syncId: string): Promise<string | null> {
    const [retry]: { sync_id: string }[] = await this.db.query(
      `SELECT sync_id FROM sync_runs WHERE tenant_id = $1 AND retry_of = $2
        ORDER BY created_at, id LIMIT 1`,
      [tenantId, syncId],
    );
    return retry?.sync_id ?? null;
  }

  /** The runs this one descends from, oldest first, then this one. */
  async retryChain(tenantId: string, syncId: string): Promise<string[]> {
    const rows: { sync_id: string }[] = await this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT sync_id, retry_of, 0 AS depth FROM sync_runs WHERE sync_id = $1 AND tenant_id = $2
         UNION ALL
         SELECT r.sync_id, r.retry_of, c.depth + 1 FROM sync_runs r JOIN chain c ON r.sync_id = c.retry_of
          WHERE c.depth < 50)
       SELECT sync_id FROM chain ORDER BY depth DESC`,
      [syncId, tenantId],
    );
    return rows.map((r) => r.sync_id);
  }

  /** Paged runs of a tenant, newest first; counts of running runs come from their items. */
  async history(
    tenantId: string,
    page: number,
    limit: number,
    filter: HistoryFilter = {},
  ): Promise<{ rows: RunRow[]; total: number }> {
    const where = historyWhere(filter, 4);
    const params: unknown[] = [tenantId, limit, (page - 1) * limit, ...where.params];
    const rows: (RunRow & { total: string })[] = await this.db.query(
      `SELECT ${RUN_COLUMNS}, count(*) OVER () AS total, ${RETRIED_BY},
              CASE WHEN r.status = 'running' THEN live.successful ELSE r.successful_count END AS successful_count,
              CASE WHEN r.status = 'running' THEN live.failed ELSE r.failed_count END AS failed_count
         FROM sync_runs r
         LEFT JOIN LATERAL (
           SELECT ${LIVE_COUNTS}
             FROM sync_items i WHERE i.sync_run_id = r.id AND r.status = 'running') live ON true
        WHERE r.tenant_id = $1 ${where.sql}
        ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : await this.countRuns(tenantId, filter);
    return { rows: rows.map(({ total: _total, ...run }) => run), total };
  }

  private async countRuns(tenantId: string, filter: HistoryFilter): Promise<number> {
    const where = historyWhere(filter, 2);
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM sync_runs r WHERE r.tenant_id = $1 ${where.sql}`,
      [tenantId, ...where.params],
    );
    return row.n;
  }

  /** Runs of all tenants by status (metrics). */
  runCountsByStatus(): Promise<{ status: RunStatus; n: number }[]> {
    return this.db.query('SELECT status, count(*)::int AS n FROM sync_runs GROUP BY status');
  }

  /** Scheduled runs that ended `failed`, all tenants (runs are never deleted: it only grows). */
  async scheduledRunFailures(): Promise<number> {
    const [{ n }] = (await this.db.query(
      `SELECT count(*)::int AS n FROM sync_runs WHERE trigger = 'schedule' AND status = 'failed'`,
    )) as { n: number }[];
    return n;
  }

  /**
   * Ends the run; the duration comes from the database clock. Items it never started are
   * cancelled. Returns the duration in seconds.
   */
  async finishRun(syncId: string, status: FinalRunStatus, counts: RunCounts): Promise<number> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [[run]]: [{ id: number; duration_seconds: number }[], number] = await this.db.query(
      `UPDATE sync_runs SET status = $2, successful_count = $3, failed_count = $4, completed_at = now(),
         duration_seconds = round(extract(epoch FROM now() - started_at)::numeric, 3)
       WHERE sync_id = $1 RETURNING id, duration_seconds`,
      [syncId, status, counts.successful, counts.failed],
    );
    await this.db.query(
      `UPDATE sync_items SET status = 'cancelled', error_message = 'Cancelled before it started',
         error_code = $2, error_stage = 'prepare'
        WHERE sync_run_id = $1 AND status = 'pending'`,
      [run.id, ITEM_ERROR_CODES.cancelled],
    );
    return Number(run.duration_seconds);
  }

  // --- items ---

  async items(runId: number): Promise<ItemRow[]> {
    return this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM sync_items i WHERE i.sync_run_id = $1 ORDER BY i.ordinal`,
      [runId],
    );
  }

  /** Finished items with a sequence number in (`afterSeq`, `upToSeq`], in event order. */
  async finishedItemsAfter(runId: number, afterSeq: number, upToSeq: number): Promise<ItemRow[]> {
    return this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM sync_items i
        WHERE i.sync_run_id = $1 AND i.event_seq > $2 AND i.event_seq <= $3 ORDER BY i.event_seq`,
      [runId, afterSeq, upToSeq],
    );
  }

  /**
   * Whether the run has items finished without an event number: a parent begun before
   * seq-at-commit numbers them and writes the numbers in batches.
   */
  async hasUnnumberedFinished(runId: number): Promise<boolean> {
    const [row]: { found: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM sync_items i
         WHERE i.sync_run_id = $1 AND i.event_seq IS NULL AND i.status <> 'pending') AS found`,
      [runId],
    );
    return row.found;
  }

  /** Successful and failed items of a run so far. */
  async countItems(runId: number): Promise<{ successful: number; failed: number }> {
    const [counts]: { successful: number; failed: number }[] = await this.db.query(
      `SELECT ${LIVE_COUNTS} FROM sync_items i WHERE i.sync_run_id = $1`,
      [runId],
    );
    return counts;
  }

  /** Items of all tenants by type and status (metrics). */
  itemCountsByStatus(): Promise<{ type: ItemType; status: ItemStatus; n: number }[]> {
    return this.db.query(
      'SELECT item_type AS type, status, count(*)::int AS n FROM sync_items GROUP BY 1, 2',
    );
  }

  /**
   * What a retry of the finished run can take: its items that did not succeed, and the items
   * earlier runs of its retry chain left out (a retry skips those that need a change) that no
   * later run of the chain has taken — each item from the latest run that has it, oldest run's
   * first, each run's in its order. An item some run has synced since is not among them.
   */
  unfinishedItems(runId: number): Promise<ChainItemRow[]> {
    return this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT id, sync_id, retry_of, tenant_id, 0 AS depth FROM sync_runs WHERE id = $1
         UNION ALL
         SELECT r.id, r.sync_id, r.retry_of, r.tenant_id, c.depth + 1
           FROM sync_runs r JOIN chain c ON r.sync_id = c.retry_of AND r.tenant_id = c.tenant_id
          WHERE c.depth < 50
       ), latest AS (
         SELECT DISTINCT ON (i.item_type, i.item_id) i.*, c.depth, c.sync_id AS from_sync_id
           FROM chain c JOIN sync_items i ON i.sync_run_id = c.id
          ORDER BY i.item_type, i.item_id, c.depth
       )
       SELECT ${ITEM_COLUMNS}, i.depth > 0 AS left_behind, i.from_sync_id FROM latest i
        WHERE ${UNFINISHED}
          AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.item_type = i.item_type
                            AND s.item_id = i.item_id AND s.status = 'success')
        ORDER BY i.depth DESC, i.ordinal`,
      [runId],
    );
  }

  /**
   * The tenant's items whose latest outcome, in a run that has ended, is `failed` and that no
   * run has synced (a bulk retry across runs), oldest run's first, each run's in its order;
   * `from_sync_id` is the run of that outcome. `since`: only those that failed at or after it;
   * `code`: only those that failed with it.
   */
  latestFailedItems(
    tenantId: string,
    filter: { since?: Date; code?: ItemErrorCode },
  ): Promise<(ItemRow & { from_sync_id: string })[]> {
    return this.db.query(
      `WITH latest AS (
         SELECT DISTINCT ON (i.item_type, i.item_id) i.*, r.sync_id AS from_sync_id,
                r.status AS run_status, r.created_at AS run_created_at, r.id AS run_id
           FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
          WHERE i.tenant_id = $1
          ORDER BY i.item_type, i.item_id, r.created_at DESC, r.id DESC
       )
       SELECT ${ITEM_COLUMNS}, i.from_sync_id FROM latest i
        WHERE i.status = 'failed' AND i.run_status <> 'running'
          AND ($2::timestamptz IS NULL OR i.processed_at >= $2)
          AND ($3::varchar IS NULL OR i.error_code = $3)
          AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.tenant_id = $1
                            AND s.item_type = i.item_type AND s.item_id = i.item_id
                            AND s.status = 'success')
        ORDER BY i.run_created_at, i.run_id, i.ordinal`,
      [tenantId, filter.since ?? null, filter.code ?? null],
    );
  }

  /** The tenant's run's items, as references (what they are about is EmailsRepository's). */
  itemRefs(tenantId: string, runId: number): Promise<{ type: ItemType; item_id: number }[]> {
    return this.db.query(
      `SELECT i.item_type AS type, i.item_id FROM sync_items i
        WHERE i.sync_run_id = $2 AND i.tenant_id = $1`,
      [tenantId, runId],
    );
  }

  /** Of the items given, those a running run has not started yet, with that run (at most 20). */
  itemsInFlight(
    tenantId: string,
    items: EmailItem[],
  ): Promise<{ sync_id: string; email_id: number }[]> {
    return this.db.query(
      `SELECT DISTINCT r.sync_id, i.email_id
         FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
         JOIN unnest($2::varchar[], $3::int[]) AS t(item_type, item_id)
           ON t.item_type = i.item_type AND t.item_id = i.item_id
        WHERE i.tenant_id = $1 AND r.status = 'running' AND i.status = 'pending'
        LIMIT 20`,
      [tenantId, items.map((i) => i.type), items.map((i) => i.itemId)],
    );
  }

  /**
   * Of the tenant's items given (a scheduled run's candidates, EmailsRepository.unsyncedItems),
   * those it takes, in the order given, leaving out those a running run still holds: of
   * `pending` (never tried or only cancelled) all others; of `retry-failed`, those whose newest
   * failure was transient (a failed item waits for a person or the nightly retry).
   */
  async dueOf(tenantId: string, mode: ScheduledSyncMode, items: EmailItem[]): Promise<EmailItem[]> {
    if (!items.length) return [];
    const due: Record<ScheduledSyncMode, string> = {
      pending: 'true',
      'retry-failed': `(
          SELECT f.failure_kind FROM sync_items f
           WHERE f.tenant_id = $1 AND f.item_type = x.item_type AND f.item_id = x.item_id AND f.status = 'failed'
           ORDER BY f.id DESC LIMIT 1) = 'transient'`,
    };
    const rows: EmailItemRow[] = await this.db.query(
      `SELECT x.email_id, x.item_type, x.item_id
         FROM unnest($2::int[], $3::varchar[], $4::int[]) WITH ORDINALITY AS x(email_id, item_type, item_id, ord)
        WHERE ${due[mode]}
          AND NOT EXISTS (
            SELECT 1 FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
             WHERE i.tenant_id = $1 AND i.item_type = x.item_type AND i.item_id = x.item_id
               AND r.status = 'running' AND i.status = 'pending')
        ORDER BY x.ord`,
      [tenantId, items.map((i) => i.emailId), items.map((i) => i.type), items.map((i) => i.itemId)],
    );
    return rows.map(emailItem);
  }

  /** One page of a run's items in order, after `afterOrdinal`, as the workflows carry them. */
  async itemPage(syncId: string, afterOrdinal: number, limit: number): Promise<SyncItemRef[]> {
    const rows: {
      id: number;
      ordinal: number;
      email_id: number;
      item_type: ItemType;
      item_id: number;
    }[] = await this.db.query(
      `SELECT i.id, i.ordinal, i.email_id, i.item_type, i.item_id
           FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
          WHERE r.sync_id = $1 AND i.ordinal > $2
          ORDER BY i.ordinal LIMIT $3`,
      [syncId, afterOrdinal, limit],
    );
    return rows.map((r) => ({
      rowId: r.id,
      ordinal: r.ordinal,
      emailId: r.email_id,
      type: r.item_type,
      itemId: r.item_id,
    }));
  }

  /**
   * A stop sale's Phase 1 header exists in Sedna (its RecId) while the item is still being
   * synced: from here the item shows as in Sedna without rooms, at stage `phase2`, with the last
   * failed attempt's error when there is one (written by the Phase 2 activity; the item's
   * outcome, recorded by completeItem, replaces it). A finished item is left as it is.
   */
  async recordPhase2Pending(
    rowId: number,
    headerSednaId: SednaId,
    lastError?: { message: string; code: ItemErrorCode },
  ): Promise<void> {
    await this.db.query(
      `UPDATE sync_items SET phase1_rec_id = $2, error_stage = 'phase2',
         error_message = COALESCE($3, error_message), error_code = COALESCE($4, error_code)
        WHERE id = $1 AND status = 'pending' AND item_type = 'stop_sale'`,
      [rowId, headerSednaId, lastError?.message ?? null, lastError?.code ?? null],
    );
  }

  /**
   * The run's stop sales whose header is in Sedna while their Phase 2 is still being tried (so
   * each has its header's RecId as `sedna_id`).
   */
  phase2PendingItems(runId: number): Promise<(ItemRow & { sedna_id: SednaId })[]> {
    return this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM sync_items i
        WHERE i.sync_run_id = $1 AND i.status = 'pending' AND i.phase1_rec_id IS NOT NULL
        ORDER BY i.ordinal`,
      [runId],
    );
  }

  /**
   * One more Sedna request made for the item (attempts included). Returns the Sedna connection
   * its run was started on (null for runs from before connections were recorded, or without
   * settings then), which the request must go to.
   */
  async countAttempt(rowId: number): Promise<string | null> {
    const [rows]: [{ sedna_connection: string | null }[], number] = await this.db.query(
      `UPDATE sync_items i SET attempts = i.attempts + 1 FROM sync_runs r
        WHERE i.id = $1 AND r.id = i.sync_run_id RETURNING r.sedna_connection`,
      [rowId],
    );
    return rows[0]?.sedna_connection ?? null;
  }

  /** The Sedna connection the run was started on (see countAttempt). */
  async runConnection(syncId: string): Promise<string | null> {
    const [row]: { sedna_connection: string | null }[] = await this.db.query(
      'SELECT sedna_connection FROM sync_runs WHERE sync_id = $1',
      [syncId],
    );
    return row?.sedna_connection ?? null;
  }

  /**
   * Stores the item's outcome, with the stop sale's Phase 1 RecId when its header exists in
   * Sedna (the caller reads it from the stop sale, EmailsRepository.stopSaleSednaId; null
   * otherwise). Returns that RecId as stored (null for a reservation).
   */
  async recordOutcome(
    item: SyncItemRef,
    outcome: ItemOutcome,
    headerSednaId: SednaId | null,
  ): Promise<SednaId | null> {
    const failure = outcome.status === 'success' ? null : outcome;
    const failureKind: FailureKind | null =
      outcome.status === 'failed' ? (outcome.transient ? 'transient' : 'permanent') : null;
    const [[updated]]: [{ phase1_rec_id: number | null }[], number] = await this.db.query(
      `UPDATE sync_items SET status = $2, sedna_rec_id = $3, error_message = $4, processed_at = now(),
         phase1_rec_id = CASE WHEN item_type = 'stop_sale' THEN $5::int END,
         failure_kind = $6, error_code = $7, error_stage = $8, error_details = $9
       WHERE id = $1 RETURNING phase1_rec_id`,
      [
        item.rowId,
        outcome.status,
        outcome.status === 'success' ? outcome.sednaId : null,
        failure?.error ?? null,
        headerSednaId,
        failureKind,
        failure?.code ?? null,
        failure?.stage ?? null,
        failure?.details ? JSON.stringify(failure.details) : null,
      ],
    );
    return updated?.phase1_rec_id ?? null;
  }

  /**
   * Numbers the item's progress event at its commit (runs with `seqAtCommit`): the next of its
   * run, 1..n in commit order, under a lock of the run's row held until commit, so that a
   * reader never sees seq n+1 before n. Kept when the item has one already (a local activity
   * retried after its commit gets the same). Call it last in the transaction: the lock
   * serialises the run's item commits.
   */
  async assignEventSeq(rowId: number): Promise<number> {
    await this.db.query(
      `SELECT 1 FROM sync_runs WHERE id = (SELECT sync_run_id FROM sync_items WHERE id = $1) FOR UPDATE`,
      [rowId],
    );
    // A statement of its own: it reads the items committed while the lock was awaited.
    const [[row]]: [{ event_seq: number }[], number] = await this.db.query(
      `UPDATE sync_items i SET event_seq = COALESCE(i.event_seq,
           (SELECT coalesce(max(o.event_seq), 0) + 1 FROM sync_items o WHERE o.sync_run_id = i.sync_run_id))
        WHERE i.id = $1 RETURNING i.event_seq`,
      [rowId],
    );
    return row.event_seq;
  }

  /** Stores the progress-event sequence numbers, so that progress outlives the workflow. */
  async recordEventSeqs(events: { rowId: number; seq: number }[]): Promise<void> {
    if (!events.length) return;
    await this.db.query(
      `UPDATE sync_items s SET event_seq = v.seq
         FROM (SELECT unnest($1::int[]) AS id, unnest($2::int[]) AS seq) v WHERE s.id = v.id`,
      [events.map((e) => e.rowId), events.map((e) => e.seq)],
    );
  }

  /**
   * Wakes the API's progress streams of the run (src/sync/progress-notifications.ts): PostgreSQL
   * delivers the notification when the transaction commits, and drops it when it rolls back.
   */
  async notifyProgress(syncId: string): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [PROGRESS_CHANNEL, syncId]);
  }

  /** The run's items as the report shows them, in order (their e-mails' part: the service). */
  reportItems(runId: number): Promise<ReportItemRow[]> {
    return this.db.query(
      `SELECT i.email_id, i.item_type AS type, i.item_id,
              i.status, i.error_message, i.error_code, i.error_stage, i.processed_at, ${SEDNA_ID}
         FROM sync_items i
        WHERE i.sync_run_id = $1 ORDER BY i.ordinal`,
      [runId],
    );
  }
}
