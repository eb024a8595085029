import { useState } from 'react';
import type { SyncResult } from '../api/types';
import { useSession } from '../auth/session';
import { RunStatusBadge } from '../components/Badge';
import { ErrorAlert, Loading } from '../components/Feedback';
import { SyncRunDialogs, type SyncDialog } from '../components/SyncRunDialogs';
import { useResource } from '../hooks/useResource';
import { hrefFor } from '../hooks/useHashRoute';
import { shortId } from '../lib/format';
import { buttonClass } from '../lib/ui';

/**
 * `#/runs/<sync id>`: one run. While it runs, its live view (resumed from the last event this tab
 * saw, after a reload too); once finished, its result.
 */
export function RunPage({ syncId }: { syncId: string }) {
  const { api } = useSession();
  const run = useResource(
    () => api.get<SyncResult>(`/api/sync/${encodeURIComponent(syncId)}/result`),
    [api, syncId],
  );
  // What the user moved to on this page (progress → result); else what the run's status says.
  const [chosen, setChosen] = useState<{ syncId: string; view: 'progress' | 'result' } | null>(
    null,
  );
  const status = run.data?.status;
  const view =
    chosen?.syncId === syncId ? chosen.view : status === 'running' ? 'progress' : 'result';
  const dialog: SyncDialog = !run.data
    ? null
    : view === 'progress'
      ? { view: 'progress', syncId, expectedTotal: run.data.summary.total }
      : { view: 'result', syncId };

  const onChange = (next: SyncDialog) => {
    if (!next) {
      window.location.hash = hrefFor('history');
    } else if (next.syncId !== syncId) {
      // Another run (the one this retried, or a retry just started): its own page.
      window.location.hash = hrefFor('runs', next.syncId);
    } else {
      setChosen({ syncId, view: next.view });
      run.reload();
    }
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold">
            Run <span className="font-mono">{shortId(syncId)}</span>
            {status && <RunStatusBadge status={status} />}
          </h1>
          <p className="text-sm break-all text-slate-600">{syncId}</p>
        </div>
        <a className={buttonClass.link} href={hrefFor('history')}>
          All runs
        </a>
      </div>
      {run.error && !run.data && (
        <ErrorAlert title="Could not load the run" message={run.error} onRetry={run.reload} />
      )}
      {!run.data && !run.error && <Loading label="Loading the run…" />}
      <SyncRunDialogs dialog={dialog} onChange={onChange} onRunPage />
    </div>
  );
}
