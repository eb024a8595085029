import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import { type ReconcileOutcome, resyncWayOf, type ResyncWay } from '../contract/reconcile';
import {
  type EmailItem,
  EmailsRepository,
  type ResyncReset,
  type ResyncSnapshot,
} from '../emails/emails.repository';
import { ApiMetrics } from '../metrics/api-metrics';
import { SyncStarterService } from '../sync/sync-starter.service';
import { ReconcileErrorCode } from './reconcile.errors';
import { ReconcileItemRow, ReconcileRepository, ReconcileRunRow } from './reconcile.repository';
import { reconcileNotFound } from './reconcile.service';
import type { ResyncLeftOut, ResyncResponse } from '../contract/views-reconcile';
import { MAX_RESYNC_ITEMS, ResyncDto } from './resync.dto';

/** The outcomes a default re-sync looks at. */
const DRIFTED: readonly ReconcileOutcome[] = ['missing_in_sedna', 'different'];
/** More items than any check holds: the default selection reads them all. */
const ALL_ITEMS = 1_000_000;
/** At most this many ids are named in a problem. */
const NAMED = 50;

interface Taken {
  row: ReconcileItemRow & { item_id: number; email_id: number };
  way: ResyncWay;
}

function leftOutView(row: ReconcileItemRow, reason: ResyncLeftOut['reason']): ResyncLeftOut {
  return {
    id: Number(row.id),
    type: row.item_type,
    item_id: row.item_id,
    outcome: row.outcome,
    reason,
  };
}

/** Splits a check's items into those a re-sync takes (with how) and those it cannot. */
function split(rows: ReconcileItemRow[]): { taken: Taken[]; leftOut: ResyncLeftOut[] } {
  const taken: Taken[] = [];
  const leftOut: ResyncLeftOut[] = [];
  for (const row of rows) {
    const how = resyncWayOf({ type: row.item_type, outcome: row.outcome, fields: row.fields });
    if ('refusal' in how) leftOut.push(leftOutView(row, how.refusal));
    else if (row.item_id === null || row.email_id === null) {
      leftOut.push(leftOutView(row, 'no_row_here'));
    } else
      taken.push({ row: { ...row, item_id: row.item_id, email_id: row.email_id }, way: how.way });
  }
  return { taken, leftOut };
}

/**
 * The re-sync of a drift check's items (SPEC §12): one normal BulkSync run over them, visible in
 * History like any run. A stop sale whose header is still in Sedna keeps its RecId and goes
 * straight to Phase 2 (as a retry of a failed Phase 2 does); an item Sedna no longer holds loses
 * its stored Sedna id and syncs afresh. The rows change in the run's transaction, after the
 * check that no running run holds them, and are put back if Temporal refuses the start.
 */
@Injectable()
export class ResyncService {
  constructor(
    private readonly repo: ReconcileRepository,
    private readonly emails: EmailsRepository,
    private readonly starter: SyncStarterService,
    private readonly metrics: ApiMetrics,
  ) {}

  async resync(auth: AuthContext, id: string, body: ResyncDto): Promise<ResyncResponse> {
    const check = await this.repo.run(id, auth.tenantId);
    if (!check) throw reconcileNotFound(id);
    if (check.status === 'running') {
      throw new ProblemException(
        409,
        ReconcileErrorCode.RECONCILE_NOT_FINISHED,
        `Drift check ${id} is still running; re-sync its items once it has finished`,
      );
    }
    const { taken, leftOut } = body.item_ids
      ? await this.named(check, body.item_ids)
      : await this.drifted(check);
    const counted = {
      reconcile_id: id,
      count: taken.length,
      item_ids: taken.map((t) => Number(t.row.id)),
      phase2_only: taken.filter((t) => t.way === 'phase2').length,
      afresh: taken.filter((t) => t.way === 'afresh').length,
      left_out: leftOut,
    };
    if (body.dry_run === true) return { dry_run: true, ...counted };
    const syncId = await this.start(auth, id, taken);
    this.metrics.runsStarted.inc({ trigger: 'manual' });
    return { dry_run: false, ...counted, sync_id: syncId, status: 'started' };
  }

  /** The items named: each must be the check's, and one a re-sync can take. */
  private async named(check: ReconcileRunRow, itemIds: number[]) {
    const ids = [...new Set(itemIds)];
    const rows = await this.repo.itemsById(check.id, check.tenant_id, ids.map(String));
    const found = new Set(rows.map((row) => Number(row.id)));
    const unknown = ids.filter((i) => !found.has(i));
    if (unknown.length) {
      throw new ProblemException(
        404,
        ReconcileErrorCode.RECONCILE_ITEMS_NOT_FOUND,
        `Not items of drift check ${check.id}: ${unknown.slice(0, NAMED).join(', ')}`,
        { item_ids: unknown.slice(0, NAMED) },
      );
    }
    const { taken, leftOut } = split(rows);
    if (leftOut.length) {
      const named = leftOut.slice(0, NAMED);
      throw new ProblemException(
        409,
        ReconcileErrorCode.ITEMS_NOT_RESYNCABLE,
        `${leftOut.length} of the items cannot be re-synced: ` +
          named.map((i) => `${i.id} (${i.outcome}: ${i.reason})`).join(', '),
        { items: named },
      );
    }
    return { taken, leftOut: [] };
  }

  /** Every missing or different item of the check that a re-sync can take; the others named. */
  private async drifted(check: ReconcileRunRow) {
    const { rows } = await this.repo.items(check.id, DRIFTED, 0, ALL_ITEMS);
    const { taken, leftOut } = split(rows);
    if (!taken.length) {
      throw new ProblemException(
        409,
        ReconcileErrorCode.NOTHING_TO_RESYNC,
        `Drift check ${check.id} has no missing or different items that can be re-synced` +
          (leftOut.length ? ` (${leftOut.length} cannot be: see left_out)` : ''),
        { left_out: leftOut.slice(0, NAMED) },
      );
    }
    if (taken.length > MAX_RESYNC_ITEMS) {
      throw new ProblemException(
        413,
        ReconcileErrorCode.TOO_MANY_ITEMS,
        `${taken.length} items to re-sync, at most ${MAX_RESYNC_ITEMS} per re-sync: name them in item_ids`,
        { count: taken.length, max: MAX_RESYNC_ITEMS },
      );
    }
    return { taken, leftOut };
  }

  /** Readies the rows and starts the run, in the run's transaction; returns its sync id. */
  private async start(auth: AuthContext, checkId: string, taken: Taken[]): Promise<string> {
    const resets: ResyncReset[] = taken.map(({ row, way }) => ({
      type: row.item_type,
      itemId: row.item_id,
      seenSednaId: row.sedna_id,
      way,
    }));
    const items: EmailItem[] = taken.map(({ row }) => ({
      emailId: row.email_id,
      type: row.item_type,
      itemId: row.item_id,
    }));
    const checkIdOf = new Map(taken.map(({ row }) => [`${row.item_type}:${row.item_id}`, row.id]));
    let before: ResyncSnapshot | null = null;
    const { syncId } = await this.starter.start({
      auth,
      items,
      trigger: 'manual',
      purpose: `re-sync of drift check ${checkId}`,
      rowChanges: {
        apply: async (db) => {
          const reset = await new EmailsRepository(db).resetForResync(auth.tenantId, resets);
          if (reset.stale.length) {
            const ids = reset.stale
              .slice(0, NAMED)
              .map((s) => Number(checkIdOf.get(`${s.type}:${s.itemId}`)));
            throw new ProblemException(
              409,
              ReconcileErrorCode.ITEMS_CHANGED_SINCE_CHECK,
              `${reset.stale.length} of the items were synced again or removed since drift check ` +
                `${checkId} (${ids.join(', ')}): run a new check`,
              { item_ids: ids },
            );
          }
          before = reset.before;
        },
        undo: async () => {
          if (before) await this.emails.restoreAfterResync(auth.tenantId, before);
        },
      },
    });
    return syncId;
  }
}
