import { useState } from 'react';
import type { Page, SyncRunSummary } from '../api/types';
import { useSession } from '../auth/session';
import { hrefFor } from '../hooks/useHashRoute';
import { useResource } from '../hooks/useResource';
import { formatDateTime } from '../lib/format';
import { buttonClass } from '../lib/ui';

/** Which failed scheduled run this browser was told about, per tenant (no secret: an id). */
const ACK_PREFIX = 'sedna-sync.acknowledged-failed-schedule.';

function acknowledged(tenantId: string | null): string | null {
  try {
    return localStorage.getItem(ACK_PREFIX + (tenantId ?? ''));
  } catch {
    return null;
  }
}

/**
 * The tenant's latest scheduled run, when it failed: said on the dashboard until the operator
 * acknowledges it (in this browser), or a later scheduled run ends otherwise.
 */
export function FailedScheduleBanner() {
  const { api, tenantId } = useSession();
  const latest = useResource(
    () => api.get<Page<SyncRunSummary>>('/api/sync/history?trigger=schedule&limit=1'),
    [api],
  );
  const [dismissed, setDismissed] = useState(() => acknowledged(tenantId));
  const run = latest.data?.items[0];
  if (!run || run.status !== 'failed' || dismissed === run.sync_id) return null;

  const acknowledge = () => {
    try {
      localStorage.setItem(ACK_PREFIX + (tenantId ?? ''), run.sync_id);
    } catch {
      // Storage disabled: dismissed for this page only.
    }
    setDismissed(run.sync_id);
  };

  return (
    <div
      role="alert"
      className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <div className="min-w-0">
        <p className="font-semibold">The last scheduled sync failed</p>
        <p className="mt-0.5 break-words">
          Started {formatDateTime(run.started_at)}: {run.failed} of {run.total} items failed.{' '}
          <a className={buttonClass.link} href={hrefFor('history', run.sync_id)}>
            See what failed
          </a>
        </p>
      </div>
      <button type="button" className={buttonClass.secondary} onClick={acknowledge}>
        Acknowledge
      </button>
    </div>
  );
}
