import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { useSession } from '../auth/session';
import { hrefFor } from '../hooks/useHashRoute';
import { useSyncProgress, type StreamState } from '../hooks/useSyncProgress';
import { plural, RUN_STATUS_LABELS, shortId } from '../lib/format';
import { buttonClass } from '../lib/ui';
import { Badge, OutcomeBadge } from './Badge';
import { ErrorAlert } from './Feedback';
import { ItemLabel } from './ItemLabel';
import { Modal } from './Modal';
import { ProgressBar } from './ProgressBar';
import {
  ItemErrorTags,
  NoWorkerAlert,
  Phase2PendingAlert,
  SednaUnreachableAlert,
} from './SednaStatus';

interface Props {
  syncId: string;
  /** total_items from the start answer, shown before the first event. */
  expectedTotal: number;
  onClose: () => void;
  onShowResult: (syncId: string) => void;
  /**
   * While open, the address names the run (`#/runs/<id>`, without a navigation), so a reload
   * comes back to this live view; on close the page's own address is put back.
   */
  addressRun?: boolean;
}

const STREAM_LABELS: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost, reconnecting…',
  complete: 'Finished',
  closed: 'Disconnected',
};

/** Live progress of one run, fed by the SSE stream; the run goes on if the dialog is hidden. */
export function SyncModal({
  syncId,
  expectedTotal,
  onClose,
  onShowResult,
  addressRun = false,
}: Props) {
  const { api } = useSession();
  const progress = useSyncProgress(syncId, expectedTotal);
  const [cancelling, setCancelling] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const resultButton = useRef<HTMLButtonElement>(null);
  const finished = progress.stream === 'complete';

  useEffect(() => {
    if (finished) resultButton.current?.focus();
  }, [finished]);

  useEffect(() => {
    if (!addressRun) return;
    const previous = window.location.hash;
    const runHash = hrefFor('runs', syncId);
    window.history.replaceState(window.history.state, '', runHash);
    return () => {
      // Unless the page moved on to an address of its own meanwhile.
      if (window.location.hash === runHash)
        window.history.replaceState(window.history.state, '', previous);
    };
  }, [addressRun, syncId]);

  const cancel = async () => {
    setConfirmingCancel(false);
    setCancelling(true);
    setCancelError(null);
    try {
      await api.send('POST', `/api/sync/${encodeURIComponent(syncId)}/cancel`);
    } catch (err) {
      setCancelling(false);
      setCancelError(errorMessage(err));
    }
  };

  const tone = !finished ? 'running' : progress.runStatus === 'completed' ? 'done' : 'warning';
  const counts = `${progress.current} of ${plural(progress.total, 'item')}`;

  return (
    <Modal
      title={finished ? 'Sync finished' : 'Syncing to Sedna'}
      description={`Run ${shortId(syncId)} · ${plural(progress.total, 'item')}`}
      onClose={onClose}
      footer={
        finished ? (
          <>
            <button type="button" className={buttonClass.secondary} onClick={onClose}>
              Close
            </button>
            <button
              ref={resultButton}
              type="button"
              className={buttonClass.primary}
              onClick={() => onShowResult(syncId)}
            >
              View results
            </button>
          </>
        ) : confirmingCancel ? (
          <>
            <p className="mr-auto text-sm font-medium" role="status">
              Cancel this run? Items not sent yet are left out (“Retry failed” sends them later).
            </p>
            <button type="button" className={buttonClass.danger} onClick={() => void cancel()}>
              Yes, cancel the sync
            </button>
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() => setConfirmingCancel(false)}
            >
              Keep running
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className={buttonClass.danger}
              onClick={() => setConfirmingCancel(true)}
              disabled={cancelling}
            >
              {cancelling ? 'Cancelling…' : 'Cancel sync'}
            </button>
            <button type="button" className={buttonClass.secondary} onClick={onClose}>
              Hide (keeps running)
            </button>
          </>
        )
      }
    >
      <div className="space-y-4">
        <ProgressBar
          percent={progress.percent}
          label="Sync progress"
          valueText={counts}
          tone={tone}
        />
        <div
          className="flex flex-wrap items-center justify-between gap-2 text-sm"
          aria-live="polite"
          data-testid="sync-counts"
        >
          <p>
            <span className="font-semibold tabular-nums">{progress.percent} %</span> · {counts} ·{' '}
            <span className="text-emerald-800">{progress.successful} synced</span> ·{' '}
            <span className="text-red-800">{progress.failed} failed</span>
            {progress.cancelled > 0 && <> · {progress.cancelled} cancelled</>}
          </p>
          <p className="text-slate-600">
            {finished && progress.runStatus
              ? RUN_STATUS_LABELS[progress.runStatus]
              : STREAM_LABELS[progress.stream]}
            {progress.reconnects > 0 && ` · resumed ${plural(progress.reconnects, 'time')}`}
          </p>
        </div>
        {progress.stream === 'closed' && (
          <ErrorAlert
            title="The progress stream stopped"
            message="The server closed the stream (the run may be gone or your token expired). The run itself is not affected."
            onRetry={progress.reopen}
          />
        )}
        {!finished && <NoWorkerAlert workers={progress.workers} />}
        {!finished && <SednaUnreachableAlert sedna={progress.sedna} />}
        {!finished && <Phase2PendingAlert items={progress.phase2Pending} />}
        {cancelError && <ErrorAlert title="Could not cancel" message={cancelError} />}
        {progress.items.length > 0 ? (
          <ol
            aria-label="Finished items, latest first"
            className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200"
          >
            {[...progress.items].reverse().map((item) => (
              <li
                key={item.seq}
                className="grid grid-cols-[auto_1fr] items-start gap-x-3 px-3 py-2 text-sm sm:grid-cols-[3rem_auto_1fr]"
              >
                <span className="hidden text-right text-slate-500 tabular-nums sm:block">
                  {item.seq}.
                </span>
                <OutcomeBadge status={item.status} />
                <span className="min-w-0">
                  <ItemLabel item={item} />
                  {item.sedna_id && (
                    <span className="font-mono text-xs">Sedna {item.sedna_id}</span>
                  )}
                  {item.error && (
                    <span className="block break-words text-red-800">{item.error}</span>
                  )}
                  <ItemErrorTags item={item} />
                  {item.needs_change && (
                    <span className="mt-1 block">
                      <Badge tone="warning">Needs a change</Badge>
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">Waiting for the first item…</p>
        )}
      </div>
    </Modal>
  );
}
