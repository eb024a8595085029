import { useEffect, useState } from 'react';
import type { Page, RunStatus, SyncRunSummary } from '../api/types';
import { useSession } from '../auth/session';
import { RunStatusBadge } from '../components/Badge';
import { BulkRetryDialog } from '../components/BulkRetryDialog';
import { EmptyState, ErrorAlert, Loading } from '../components/Feedback';
import { FilterSelect, type FilterOption } from '../components/FilterSelect';
import { Pagination } from '../components/Pagination';
import { SyncRunDialogs, type SyncDialog } from '../components/SyncRunDialogs';
import { useResource } from '../hooks/useResource';
import { hrefFor } from '../hooks/useHashRoute';
import { formatDateTime, formatDuration, RUN_STATUS_LABELS, shortId } from '../lib/format';
import { buttonClass, cardClass } from '../lib/ui';

const PAGE_SIZE = 20;
/** While a listed run is running, the list reloads itself this often. */
const POLL_MS = 3_000;
/** Any status, or one of them. */
const STATUS_OPTIONS: FilterOption<RunStatus | ''>[] = [
  { value: '', label: 'Any' },
  ...(Object.keys(RUN_STATUS_LABELS) as RunStatus[]).map((value) => ({
    value,
    label: RUN_STATUS_LABELS[value],
  })),
];

type Trigger = SyncRunSummary['trigger'];
const TRIGGER_LABELS: Record<Trigger, string> = {
  manual: 'Manual',
  retry: 'Retry',
  schedule: 'Scheduled',
};
/** Any trigger, or one of them. */
const TRIGGER_OPTIONS: FilterOption<Trigger | ''>[] = [
  { value: '', label: 'Any' },
  ...(Object.keys(TRIGGER_LABELS) as Trigger[]).map((value) => ({
    value,
    label: TRIGGER_LABELS[value],
  })),
];

interface Props {
  /** `#/history/<id>`: that run's result is open. */
  openSyncId: string | null;
}

function RunRow({ run, reportUrl }: { run: SyncRunSummary; reportUrl: string }) {
  return (
    <tr className="align-top">
      <td className="py-2 pr-4 whitespace-nowrap">
        <a className={buttonClass.link} href={hrefFor('runs', run.sync_id)}>
          <span className="font-mono">{shortId(run.sync_id)}</span>
          <span className="sr-only"> run page</span>
        </a>
        <div className="text-xs text-slate-600">{formatDateTime(run.started_at)}</div>
      </td>
      <td className="py-2 pr-4">
        <RunStatusBadge status={run.status} />
      </td>
      <td className="py-2 pr-4 whitespace-nowrap">
        {TRIGGER_LABELS[run.trigger]}
        {run.retry_of && (
          <div className="text-xs">
            retry of{' '}
            <a className={buttonClass.link} href={hrefFor('runs', run.retry_of)}>
              <span className="font-mono">{shortId(run.retry_of)}</span>
            </a>
          </div>
        )}
        {run.retried_by && (
          <div className="text-xs">
            retried by{' '}
            <a className={buttonClass.link} href={hrefFor('runs', run.retried_by)}>
              <span className="font-mono">{shortId(run.retried_by)}</span>
            </a>
          </div>
        )}
      </td>
      <td className="py-2 pr-4 tabular-nums whitespace-nowrap">
        {run.total} <span className="text-slate-500">total</span>
        <div className="text-xs">
          <span className="text-emerald-800">{run.successful} synced</span> ·{' '}
          <span className={run.failed ? 'text-red-800' : 'text-slate-600'}>
            {run.failed} failed
          </span>
        </div>
      </td>
      <td className="py-2 pr-4 tabular-nums whitespace-nowrap">
        {formatDuration(run.duration_seconds)}
      </td>
      <td className="py-2 whitespace-nowrap">
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          <a className={buttonClass.link} href={hrefFor('history', run.sync_id)}>
            Result<span className="sr-only"> of run {shortId(run.sync_id)}</span>
          </a>
          <a
            className={buttonClass.link}
            href={reportUrl}
            download={`sync-report-${run.sync_id}.xlsx`}
          >
            Report<span className="sr-only"> of run {shortId(run.sync_id)}</span>
          </a>
          <a
            className={buttonClass.link}
            href={run.temporal_ui_url}
            target="_blank"
            rel="noopener noreferrer"
          >
            Temporal<span className="sr-only"> UI for run {shortId(run.sync_id)} (new tab)</span>
          </a>
        </div>
      </td>
    </tr>
  );
}

/** Past runs, newest first, with their retry chain; a run's result opens over the list. */
export function HistoryPage({ openSyncId }: Props) {
  const { api } = useSession();
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [trigger, setTrigger] = useState<Trigger | ''>('');
  const [page, setPage] = useState(1);
  const [refresh, setRefresh] = useState(0);
  // A retry started from a result shows its progress here; the address keeps the result link.
  const [liveDialog, setLiveDialog] = useState<SyncDialog>(null);
  const [bulkRetry, setBulkRetry] = useState(false);

  const runs = useResource(() => {
    const query = new URLSearchParams({ page: String(page), limit: String(PAGE_SIZE) });
    if (status) query.set('status', status);
    if (trigger) query.set('trigger', trigger);
    return api.get<Page<SyncRunSummary>>(`/api/sync/history?${query.toString()}`);
  }, [api, status, trigger, page, refresh, openSyncId]);

  // Only while needed: a run on this page is still going (and the tab is visible).
  const anyRunning = runs.data?.items.some((run) => run.status === 'running') ?? false;
  const { reload } = runs;
  useEffect(() => {
    if (!anyRunning) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [anyRunning, reload]);

  const dialog: SyncDialog =
    liveDialog ?? (openSyncId ? { view: 'result', syncId: openSyncId } : null);
  const onDialogChange = (next: SyncDialog) => {
    setRefresh((n) => n + 1);
    if (next?.view === 'result') {
      setLiveDialog(null);
      window.location.hash = hrefFor('history', next.syncId);
    } else if (next) {
      setLiveDialog(next);
    } else {
      setLiveDialog(null);
      if (openSyncId) window.location.hash = hrefFor('history');
    }
  };

  const items = runs.data?.items ?? [];
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Sync history</h1>
          <p className="text-sm text-slate-600">Every run of this tenant, newest first.</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <FilterSelect
            label="Trigger"
            value={trigger}
            options={TRIGGER_OPTIONS}
            onChange={(value) => {
              setTrigger(value);
              setPage(1);
            }}
          />
          <FilterSelect
            label="Status"
            value={status}
            options={STATUS_OPTIONS}
            onChange={(value) => {
              setStatus(value);
              setPage(1);
            }}
          />
          <button type="button" className={buttonClass.secondary} onClick={runs.reload}>
            Refresh
          </button>
          <button type="button" className={buttonClass.primary} onClick={() => setBulkRetry(true)}>
            Retry failed…
          </button>
        </div>
      </div>

      {runs.error && (
        <ErrorAlert title="Could not load the history" message={runs.error} onRetry={runs.reload} />
      )}
      {!runs.data && !runs.error && <Loading label="Loading runs…" />}
      {runs.data && items.length === 0 && (
        <EmptyState
          title={
            status || trigger
              ? `No ${[status && RUN_STATUS_LABELS[status], trigger && TRIGGER_LABELS[trigger]]
                  .filter(Boolean)
                  .join(' ')
                  .toLowerCase()} runs`
              : 'No sync runs yet'
          }
        >
          {status || trigger
            ? 'Try another status or trigger.'
            : 'Runs appear here once e-mails are synced from the processing page.'}
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className={`${cardClass} relative overflow-x-auto px-4 py-2`}>
          <table className="w-full text-left text-sm" aria-busy={runs.loading}>
            <caption className="sr-only">Sync runs</caption>
            <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Run
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Status
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Trigger
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Items
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Duration
                </th>
                <th scope="col" className="py-2 font-medium">
                  Links
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((run) => (
                <RunRow
                  key={run.sync_id}
                  run={run}
                  reportUrl={api.urlWithToken(
                    `/api/sync/${encodeURIComponent(run.sync_id)}/report`,
                  )}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.data && (
        <Pagination
          page={runs.data.page}
          pages={runs.data.pages}
          total={runs.data.total}
          noun="runs"
          onPage={setPage}
        />
      )}

      {bulkRetry && (
        <BulkRetryDialog
          onClose={() => setBulkRetry(false)}
          onStarted={(run) => {
            setBulkRetry(false);
            onDialogChange({
              view: 'progress',
              syncId: run.sync_id,
              expectedTotal: run.total_items,
            });
          }}
        />
      )}
      <SyncRunDialogs dialog={dialog} onChange={onDialogChange} />
    </div>
  );
}
