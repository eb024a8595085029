import { useEffect, useId, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';
import type {
  DriftField,
  Page,
  ReconcileDetail,
  ReconcileItem,
  ReconcileOutcome,
  ReconcileRun,
  ReconcileStatus,
  ResyncLeftOut,
  ResyncRefusal,
  ResyncResponse,
} from '../api/types';
import { useSession } from '../auth/session';
import { Badge } from '../components/Badge';
import { EmptyState, ErrorAlert, Loading, SuccessNotice } from '../components/Feedback';
import { Pagination } from '../components/Pagination';
import { useResource } from '../hooks/useResource';
import { hrefFor } from '../hooks/useHashRoute';
import { formatDateTime, itemTypeLabel, plural, shortId } from '../lib/format';
import { buttonClass, cardClass, checkboxClass } from '../lib/ui';

const CHECKS_PAGE_SIZE = 20;
const ITEMS_PAGE_SIZE = 50;
/** While a check runs, its view reloads this often. */
const POLL_MS = 2_000;

type Tone = Parameters<typeof Badge>[0]['tone'];

const STATUS: Record<ReconcileStatus, [string, Tone]> = {
  running: ['Checking', 'info'],
  completed: ['Completed', 'success'],
  failed: ['Failed', 'danger'],
};

const OUTCOMES: Record<ReconcileOutcome, [string, Tone]> = {
  match: ['Matches', 'success'],
  missing_in_sedna: ['Missing in Sedna', 'danger'],
  different: ['Different', 'warning'],
  only_in_sedna: ['Only in Sedna', 'info'],
};

const FIELD_LABELS: Record<DriftField, string> = {
  dates: 'dates',
  rooms: 'rooms',
  boards: 'boards',
  close_open: 'close/open',
  hotel: 'hotel',
  pax: 'guests',
  status: 'status',
};

/** Why an item cannot be re-synced, and what to do instead. */
const REFUSALS: Record<ResyncRefusal, string> = {
  matches_sedna: 'Sedna already holds it as stored here.',
  no_row_here: 'No stop sale here holds this Sedna record: there is nothing to send.',
  sedna_keeps_hotel_and_dates:
    'Sedna does not change a stop sale’s hotel or dates: change or delete it in Sedna, then run a new check.',
  no_reservation_update:
    'Sedna has no call to change a reservation: correct it in Sedna, then run a new check.',
};

/** The compared facts, in this order, as the operator reads them. */
const FACT_LABELS: Record<string, string> = {
  date_from: 'From',
  date_to: 'To',
  check_in: 'Check-in',
  check_out: 'Check-out',
  is_close: 'Close / open',
  room_types: 'Rooms',
  room_type: 'Room',
  board_types: 'Boards',
  board_type: 'Board',
  adults: 'Adults',
  children: 'Children',
  status: 'Status',
};

function factText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.length) return value.join(', ');
    return key === 'room_types' ? 'All rooms' : key === 'board_types' ? 'All boards' : '—';
  }
  if (typeof value === 'boolean')
    return key === 'is_close' ? (value ? 'Close' : 'Open') : String(value);
  return String(value);
}

function CheckStatusBadge({ status }: { status: ReconcileStatus }) {
  const [label, tone] = STATUS[status];
  return <Badge tone={tone}>{label}</Badge>;
}

function OutcomeBadge({ outcome }: { outcome: ReconcileOutcome }) {
  const [label, tone] = OUTCOMES[outcome];
  return <Badge tone={tone}>{label}</Badge>;
}

/** `2 missing · 1 different · 0 only in Sedna · 5 matching`. */
function countsText(counts: ReconcileRun['counts']): string {
  return [
    `${counts.missing_in_sedna} missing`,
    `${counts.different} different`,
    `${counts.only_in_sedna} only in Sedna`,
    `${counts.match} matching`,
  ].join(' · ');
}

/** The problem's data as the API sent it (never read from its text). */
function problemData<T>(err: unknown, code: string): T | null {
  return err instanceof ApiError && err.code === code ? (err.body as T) : null;
}

/** Starts a check and opens it; a refusal is shown from its code. */
function useStartCheck() {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await api.send<{ reconcile_id: string }>('POST', '/api/reconcile', {});
      window.location.hash = hrefFor('drift', started.reconcile_id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const running = problemData<{ reconcile_id: string | null }>(error, 'RECONCILE_RUNNING');
  const unconfigured = problemData<object>(error, 'SEDNA_NOT_CONFIGURED') !== null;
  const alert = error ? (
    <ErrorAlert title="Could not start a check" message={errorMessage(error)}>
      {running?.reconcile_id && (
        <a className={buttonClass.link} href={hrefFor('drift', running.reconcile_id)}>
          Open the running check
        </a>
      )}
      {unconfigured && (
        <a className={buttonClass.link} href={hrefFor('settings')}>
          Sedna settings
        </a>
      )}
    </ErrorAlert>
  ) : null;
  const button = (
    <button type="button" className={buttonClass.primary} disabled={busy} onClick={start}>
      {busy ? 'Starting…' : 'Start a check'}
    </button>
  );
  return { button, alert };
}

/** Reloads `reload` every POLL_MS while `active` (and the tab is visible). */
function usePoll(active: boolean, reload: () => void) {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, reload]);
}

function ChecksList() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const checks = useResource(
    () =>
      api.get<Page<ReconcileRun>>(`/api/reconcile?page=${page}&limit=${String(CHECKS_PAGE_SIZE)}`),
    [api, page],
  );
  usePoll(checks.data?.items.some((c) => c.status === 'running') ?? false, checks.reload);
  const startCheck = useStartCheck();
  const items = checks.data?.items ?? [];

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">Drift checks</h1>
          <p className="text-sm text-slate-600">
            Whether Sedna still holds what was synced: each check reads it back from Sedna and never
            writes to it.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonClass.secondary} onClick={checks.reload}>
            Refresh
          </button>
          {startCheck.button}
        </div>
      </div>
      {startCheck.alert}
      {checks.error && (
        <ErrorAlert
          title="Could not load the checks"
          message={checks.error}
          onRetry={checks.reload}
        />
      )}
      {!checks.data && !checks.error && <Loading label="Loading drift checks…" />}
      {checks.data && items.length === 0 && (
        <EmptyState title="No drift checks yet">
          Start one to compare the items synced in the last 30 days with Sedna.
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className={`${cardClass} overflow-x-auto px-4 py-2`}>
          <table className="w-full text-left text-sm" aria-busy={checks.loading}>
            <caption className="sr-only">Drift checks</caption>
            <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Check
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Status
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Trigger
                </th>
                <th scope="col" className="py-2 font-medium">
                  Items
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((check) => (
                <tr key={check.reconcile_id} className="align-top">
                  <td className="py-2 pr-4 whitespace-nowrap">
                    <a className={buttonClass.link} href={hrefFor('drift', check.reconcile_id)}>
                      <span className="font-mono">{shortId(check.reconcile_id)}</span>
                      <span className="sr-only"> drift check</span>
                    </a>
                    <div className="text-xs text-slate-600">{formatDateTime(check.started_at)}</div>
                  </td>
                  <td className="py-2 pr-4">
                    <CheckStatusBadge status={check.status} />
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap">
                    {check.trigger === 'schedule' ? 'Scheduled' : 'Manual'}
                    <div className="text-xs text-slate-600">last {check.window_days} days</div>
                  </td>
                  <td className="py-2 tabular-nums">
                    {check.counts.total} <span className="text-slate-500">checked</span>
                    <div className="text-xs">{countsText(check.counts)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {checks.data && (
        <Pagination
          page={checks.data.page}
          pages={checks.data.pages}
          total={checks.data.total}
          noun="checks"
          onPage={setPage}
        />
      )}
    </div>
  );
}

/** Database against Sedna, fact by fact; the facts that differ are marked. */
function Comparison({ item }: { item: ReconcileItem }) {
  const keys = Object.keys(FACT_LABELS).filter(
    (key) => (item.ours && key in item.ours) || (item.sedna && key in item.sedna),
  );
  if (!keys.length) return null;
  return (
    <table className="mt-2 w-full table-fixed text-left text-sm">
      <caption className="sr-only">Database and Sedna</caption>
      <thead className="text-xs text-slate-600">
        <tr>
          <th scope="col" className="w-1/4 py-1 pr-2 font-medium">
            Fact
          </th>
          <th scope="col" className="py-1 pr-2 font-medium">
            Database
          </th>
          <th scope="col" className="py-1 font-medium">
            Sedna
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const ours = item.ours?.[key];
          const sedna = item.sedna?.[key];
          const differs =
            item.ours !== null &&
            item.sedna !== null &&
            JSON.stringify(ours) !== JSON.stringify(sedna);
          return (
            <tr key={key} className={differs ? 'bg-amber-50 font-semibold text-amber-950' : ''}>
              <th scope="row" className="py-1 pr-2 font-normal break-words">
                {FACT_LABELS[key]}
                {differs && <span className="sr-only"> (differs)</span>}
              </th>
              <td className="py-1 pr-2 break-words">{item.ours ? factText(key, ours) : '—'}</td>
              <td className="py-1 break-words">
                {item.sedna ? factText(key, sedna) : 'Not in Sedna'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function itemTitle(item: ReconcileItem): string {
  const what = `${itemTypeLabel(item.type)}${item.item_id !== null ? ` #${item.item_id}` : ''}`;
  return item.hotel_name ? `${what} · ${item.hotel_name}` : what;
}

function DifferenceCard({
  item,
  selectable,
  selected,
  refusal,
  onToggle,
}: {
  item: ReconcileItem;
  selectable: boolean;
  selected: boolean;
  /** Why a re-sync does not take it. */
  refusal: ResyncRefusal | undefined;
  onToggle: () => void;
}) {
  const checkboxId = useId();
  const title = itemTitle(item);
  return (
    <li className={`${cardClass} min-w-0 p-4`} data-testid="drift-item">
      <div className="flex items-start gap-3">
        {selectable && (
          <input
            id={checkboxId}
            type="checkbox"
            className={`${checkboxClass} mt-1 shrink-0`}
            checked={selected}
            onChange={onToggle}
            aria-label={`Select ${title}`}
          />
        )}
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2">
            <OutcomeBadge outcome={item.outcome} />
            <span className="font-medium break-words">{title}</span>
          </p>
          <p className="text-xs text-slate-600">
            {[
              item.email_id !== null && `e-mail #${item.email_id}`,
              item.sedna_id !== null && `Sedna id ${item.sedna_id}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {item.fields.length > 0 && (
            <p className="mt-1 text-sm">
              Differs in {item.fields.map((f) => FIELD_LABELS[f]).join(', ')}
            </p>
          )}
          <Comparison item={item} />
          {refusal && (
            <p className="mt-2 text-sm text-slate-700" data-testid="resync-left-out">
              Not re-synced: {REFUSALS[refusal]}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}

/** A refused re-sync, from its code and data. */
function ResyncError({ error }: { error: unknown }) {
  const refused = problemData<{ items?: ResyncLeftOut[] }>(error, 'ITEMS_NOT_RESYNCABLE');
  const busy = problemData<{ sync_id?: string }>(error, 'EMAILS_IN_RUNNING_RUN');
  return (
    <ErrorAlert title="Could not start the re-sync" message={errorMessage(error)}>
      {refused?.items && (
        <ul className="mt-1 list-disc pl-5">
          {refused.items.map((item) => (
            <li key={item.id}>
              {itemTypeLabel(item.type)}
              {item.item_id !== null && ` #${item.item_id}`}: {REFUSALS[item.reason]}
            </li>
          ))}
        </ul>
      )}
      {busy?.sync_id && (
        <a className={buttonClass.link} href={hrefFor('runs', busy.sync_id)}>
          Open the running run
        </a>
      )}
    </ErrorAlert>
  );
}

const NO_PLAN: ResyncResponse = {
  dry_run: true,
  reconcile_id: '',
  count: 0,
  item_ids: [],
  phase2_only: 0,
  afresh: 0,
  left_out: [],
};

function CheckView({ checkId }: { checkId: string }) {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const path = `/api/reconcile/${encodeURIComponent(checkId)}`;
  const check = useResource(
    () => api.get<ReconcileDetail>(`${path}?page=${page}&limit=${String(ITEMS_PAGE_SIZE)}`),
    [api, path, page],
  );
  const running = check.data?.status === 'running';
  usePoll(running, check.reload);
  const finished = check.data !== undefined && !running;
  const counts = check.data?.counts;
  const drifted = finished && !!counts && counts.missing_in_sedna + counts.different > 0;

  // What a re-sync takes, and why the others not: a dry run, once the check found drift.
  const plan = useResource(async () => {
    if (!drifted) return null;
    try {
      return await api.send<ResyncResponse>('POST', `${path}/resync`, { dry_run: true });
    } catch (err) {
      const none = problemData<{ left_out?: ResyncLeftOut[] }>(err, 'NOTHING_TO_RESYNC');
      if (none) return { ...NO_PLAN, left_out: none.left_out ?? [] };
      throw err;
    }
  }, [api, path, drifted]);

  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<ResyncResponse | null>(null);
  const [resyncError, setResyncError] = useState<unknown>(null);
  const startCheck = useStartCheck();

  const takeable = new Set(plan.data?.item_ids ?? []);
  const leftOut = new Map((plan.data?.left_out ?? []).map((item) => [item.id, item]));
  const items = check.data?.items ?? [];
  const takeableHere = items.filter((item) => takeable.has(item.id));
  const allHereSelected = takeableHere.length > 0 && takeableHere.every((i) => selected.has(i.id));

  const toggle = (id: number) =>
    setSelected((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAllHere = () =>
    setSelected((before) => {
      const next = new Set(before);
      for (const item of takeableHere) {
        if (allHereSelected) next.delete(item.id);
        else next.add(item.id);
      }
      return next;
    });

  const resync = async (itemIds: number[] | null) => {
    setBusy(true);
    setResyncError(null);
    setStarted(null);
    try {
      const run = await api.send<ResyncResponse>(
        'POST',
        `${path}/resync`,
        itemIds ? { item_ids: itemIds } : {},
      );
      setStarted(run);
      setSelected(new Set());
    } catch (err) {
      setResyncError(err);
    } finally {
      setBusy(false);
    }
  };

  const data = check.data;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold">
            Drift check <span className="font-mono">{shortId(checkId)}</span>
            {data && <CheckStatusBadge status={data.status} />}
          </h1>
          {data && (
            <p className="text-sm text-slate-600">
              {data.trigger === 'schedule' ? 'Scheduled' : 'Manual'} · items synced in the last{' '}
              {data.window_days} days · started {formatDateTime(data.started_at)}
              {data.finished_at && <> · finished {formatDateTime(data.finished_at)}</>}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <a className={buttonClass.link} href={hrefFor('drift')}>
            All checks
          </a>
          {startCheck.button}
        </div>
      </div>
      {startCheck.alert}
      {check.error && !data && (
        <ErrorAlert title="Could not load the check" message={check.error} onRetry={check.reload} />
      )}
      {!data && !check.error && <Loading label="Loading the check…" />}
      {data?.error && <ErrorAlert title="The check failed" message={data.error} />}

      {data && (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Outcomes">
          {(Object.keys(OUTCOMES) as ReconcileOutcome[]).map((outcome) => (
            <div key={outcome} className={`${cardClass} px-4 py-3`}>
              <dt className="text-xs text-slate-600">{OUTCOMES[outcome][0]}</dt>
              <dd className="text-2xl font-semibold tabular-nums" data-testid={`count-${outcome}`}>
                {data.counts[outcome]}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {data && running && (
        <Loading label={`Checking… ${plural(data.counts.total, 'item')} so far`} />
      )}

      {started?.sync_id && (
        <SuccessNotice>
          Re-sync started: {plural(started.count, 'item')} ({started.phase2_only} straight to Phase
          2, {started.afresh} afresh).{' '}
          <a className={buttonClass.link} href={hrefFor('runs', started.sync_id)}>
            Watch the run
          </a>
        </SuccessNotice>
      )}
      {resyncError !== null && <ResyncError error={resyncError} />}
      {plan.error && (
        <ErrorAlert
          title="Could not tell what a re-sync would take"
          message={plan.error}
          onRetry={plan.reload}
        />
      )}

      {data && finished && data.total_items === 0 && (
        <EmptyState title="No differences">
          Sedna holds every checked item as stored here.
        </EmptyState>
      )}
      {data && finished && data.total_items > 0 && (
        <section aria-labelledby="differences-heading" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="differences-heading" className="text-lg font-semibold">
              Differences ({data.total_items})
            </h2>
            {plan.data && plan.data.count > 0 && (
              <div className="flex flex-wrap items-center gap-2">
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className={checkboxClass}
                    checked={allHereSelected}
                    onChange={toggleAllHere}
                  />
                  Select all on this page
                </label>
                <button
                  type="button"
                  className={buttonClass.secondary}
                  disabled={busy || selected.size === 0}
                  onClick={() => void resync([...selected])}
                >
                  Re-sync selected ({selected.size})
                </button>
                <button
                  type="button"
                  className={buttonClass.primary}
                  disabled={busy}
                  onClick={() => void resync(null)}
                >
                  Re-sync all ({plan.data.count})
                </button>
              </div>
            )}
          </div>
          {plan.data && (
            <p className="text-sm text-slate-600" data-testid="resync-plan">
              {plan.data.count === 0
                ? 'None of these can be re-synced from here.'
                : `A re-sync sends ${plural(plan.data.count, 'item')} through a normal sync run: ` +
                  `${plan.data.phase2_only} straight to Phase 2 (header still in Sedna), ` +
                  `${plan.data.afresh} afresh (no longer in Sedna).`}
            </p>
          )}
          <ul className="space-y-3" aria-label="Differences">
            {items.map((item) => (
              <DifferenceCard
                key={item.id}
                item={item}
                selectable={takeable.has(item.id)}
                selected={selected.has(item.id)}
                refusal={
                  leftOut.get(item.id)?.reason ??
                  (item.outcome === 'only_in_sedna' ? 'no_row_here' : undefined)
                }
                onToggle={() => toggle(item.id)}
              />
            ))}
          </ul>
          <Pagination
            page={data.page}
            pages={data.pages}
            total={data.total_items}
            noun="differences"
            onPage={setPage}
          />
        </section>
      )}
    </div>
  );
}

/** `#/drift`: the tenant's drift checks; `#/drift/<id>`: one check, its differences, re-sync. */
export function DriftPage({ checkId }: { checkId: string | null }): ReactNode {
  return checkId ? <CheckView key={checkId} checkId={checkId} /> : <ChecksList />;
}
