import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';
import type { RetryStarted, SyncResult } from '../api/types';
import { useSession } from '../auth/session';
import { useResource } from '../hooks/useResource';
import { formatDuration, plural, shortId } from '../lib/format';
import { hotelNotFoundOf } from '../lib/hotelNotFound';
import { buttonClass } from '../lib/ui';
import { Badge, RunStatusBadge } from './Badge';
import { ErrorAlert, Loading } from './Feedback';
import { HotelMappingFix } from './HotelMappingFix';
import { ItemLabel } from './ItemLabel';
import { Modal } from './Modal';
import {
  ItemErrorTags,
  NoWorkerAlert,
  Phase2PendingAlert,
  SednaUnreachableAlert,
  WithoutRoomsNote,
} from './SednaStatus';

interface Props {
  syncId: string;
  onClose: () => void;
  /** A retry run was started: show its progress. */
  onRetryStarted: (run: RetryStarted) => void;
  /** Show another run's result (the run this one retried). */
  onOpenRun: (syncId: string) => void;
  /** The run is still going: show its live progress. */
  onWatch: (syncId: string) => void;
}

function Summary({ result }: { result: SyncResult }) {
  const entries: [string, string | number][] = [
    ['Total', result.summary.total],
    ['Synced', result.summary.successful],
    ['Failed', result.summary.failed],
    ['Cancelled', result.cancelled.length],
    ['Duration', formatDuration(result.summary.duration_seconds)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5" aria-label="Summary">
      {entries.map(([label, value]) => (
        <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-600">{label}</dt>
          <dd className="text-lg font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A failed item: what it is, its error and tags, then what the caller adds (badges, fixes). */
function FailedItem({
  item,
  border,
  children,
}: {
  item: SyncResult['failed'][number];
  border: string;
  children?: ReactNode;
}) {
  return (
    <li className={`rounded-md border ${border} p-3`}>
      <p className="text-sm">
        <ItemLabel item={item} />
      </p>
      <p className="mt-1 text-sm break-words text-red-800">{item.error ?? 'Failed'}</p>
      <ItemErrorTags item={item} />
      {children}
    </li>
  );
}

/** The outcome of a run: what failed and why, fixes in place, retry, report, Temporal link. */
export function SyncResultModal({ syncId, onClose, onRetryStarted, onOpenRun, onWatch }: Props) {
  const { api } = useSession();
  const result = useResource(
    () => api.get<SyncResult>(`/api/sync/${encodeURIComponent(syncId)}/result`),
    [api, syncId],
  );
  const [mapped, setMapped] = useState<Map<string, number>>(new Map());
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  // Items that fail the same way until something changes: left out unless the operator asks.
  const [includeNeedsChange, setIncludeNeedsChange] = useState(false);
  const data = result.data;
  const needsChange = data?.needs_change_count ?? 0;
  const retryable = data
    ? (data.retryable_count ?? data.failed.length + data.cancelled.length - needsChange) +
      (includeNeedsChange ? needsChange : 0)
    : 0;

  const retry = async () => {
    setRetrying(true);
    setRetryError(null);
    try {
      onRetryStarted(
        await api.send<RetryStarted>(
          'POST',
          `/api/sync/${encodeURIComponent(syncId)}/retry`,
          includeNeedsChange ? { include_needs_change: true } : undefined,
        ),
      );
    } catch (err) {
      setRetryError(errorMessage(err));
      setRetrying(false);
    }
  };

  const reportUrl = api.urlWithToken(`/api/sync/${encodeURIComponent(syncId)}/report`);

  return (
    <Modal
      title="Sync results"
      onClose={onClose}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <span>Run {shortId(syncId)}</span>
          {data && <RunStatusBadge status={data.status} />}
          {data?.retry_of && (
            <button
              type="button"
              className={buttonClass.link}
              onClick={() => onOpenRun(data.retry_of!)}
            >
              Retry of run {shortId(data.retry_of)}
            </button>
          )}
          {data?.retried_by && (
            <button
              type="button"
              className={buttonClass.link}
              onClick={() => onOpenRun(data.retried_by!)}
            >
              Retried by run {shortId(data.retried_by)}
            </button>
          )}
        </span>
      }
      footer={
        <>
          {data && (
            <a
              className={buttonClass.link}
              href={data.temporal_ui_url}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open in Temporal UI<span className="sr-only"> (new tab)</span>
            </a>
          )}
          <a
            className={buttonClass.secondary}
            href={reportUrl}
            download={`sync-report-${syncId}.xlsx`}
          >
            Download report
          </a>
          {/* A run is retried once: after that, its retry is the one to retry. */}
          {!data?.retried_by && (
            <button
              type="button"
              className={buttonClass.primary}
              onClick={() => void retry()}
              disabled={!data || retryable === 0 || data.status === 'running' || retrying}
            >
              {retrying ? 'Starting retry…' : `Retry failed${retryable ? ` (${retryable})` : ''}`}
            </button>
          )}
          <button type="button" className={buttonClass.secondary} onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {result.error && !data && (
        <ErrorAlert
          title="Could not load the result"
          message={result.error}
          onRetry={result.reload}
        />
      )}
      {!data && !result.error && <Loading label="Loading the result…" />}
      {data && (
        <div className="space-y-5">
          <Summary result={data} />
          {data.status === 'running' && <NoWorkerAlert workers={data.workers} />}
          {data.status === 'running' && <SednaUnreachableAlert sedna={data.sedna} />}
          <Phase2PendingAlert items={data.phase2_pending} />
          {/* Those still in Phase 2 are above; a retry is for the ones whose Phase 2 ended. */}
          <WithoutRoomsNote
            count={(data.in_sedna_without_rooms ?? 0) - (data.phase2_pending?.length ?? 0)}
          />
          {data.status === 'running' && (
            <p className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
              This run is still going.
              <button
                type="button"
                className={buttonClass.secondary}
                onClick={() => onWatch(syncId)}
              >
                Watch progress
              </button>
            </p>
          )}
          {retryError && <ErrorAlert title="Could not start the retry" message={retryError} />}
          {needsChange > 0 && !data.retried_by && data.status !== 'running' && (
            <label className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={includeNeedsChange}
                onChange={(e) => setIncludeNeedsChange(e.target.checked)}
              />
              <span>
                Include{' '}
                {needsChange === 1 ? 'the item that needs' : `the ${needsChange} items that need`} a
                change first (a room or board code Sedna does not know): “Retry failed” leaves them
                out, as they fail the same way until the code is added in Sedna or the e-mail is
                corrected.
              </span>
            </label>
          )}
          {data.failed.length > 0 ? (
            <section aria-labelledby="failed-items-heading">
              <h3 id="failed-items-heading" className="mb-2 font-semibold">
                Failed items ({data.failed.length})
              </h3>
              <ul className="space-y-3">
                {data.failed.map((item) => {
                  const hotelProblem = hotelNotFoundOf(item);
                  return (
                    <FailedItem
                      key={`${item.type}-${item.item_id}`}
                      item={item}
                      border="border-red-200"
                    >
                      {item.needs_change && (
                        <p className="mt-1">
                          <Badge tone="warning">Needs a change · not in “Retry failed”</Badge>
                        </p>
                      )}
                      <ConnectionNote item={item} />
                      {hotelProblem && (
                        <HotelMappingFix
                          problem={hotelProblem}
                          mappedTo={mapped.get(hotelProblem.hotelName)}
                          onMapped={(name, id) => setMapped((prev) => new Map(prev).set(name, id))}
                        />
                      )}
                    </FailedItem>
                  );
                })}
              </ul>
            </section>
          ) : (
            data.status !== 'running' && (
              <p className="text-sm text-emerald-800">No item failed in this run.</p>
            )
          )}
          {(data.left_behind?.length ?? 0) > 0 && (
            <section aria-labelledby="left-behind-heading">
              <h3 id="left-behind-heading" className="mb-2 font-semibold">
                Left out by an earlier retry ({data.left_behind!.length})
              </h3>
              <ul className="space-y-3">
                {data.left_behind!.map((item) => (
                  <FailedItem
                    key={`${item.type}-${item.item_id}`}
                    item={item}
                    border="border-amber-300"
                  >
                    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                      <Badge tone="warning">Needs a change · not in “Retry failed”</Badge>
                      <button
                        type="button"
                        className={buttonClass.link}
                        onClick={() => onOpenRun(item.from_sync_id)}
                      >
                        Failed in run {shortId(item.from_sync_id)}
                      </button>
                    </p>
                  </FailedItem>
                ))}
              </ul>
            </section>
          )}
          {data.cancelled.length > 0 && (
            <p className="text-sm text-slate-700">
              {plural(data.cancelled.length, 'item')} cancelled before they were sent; “Retry
              failed” sends them too.
            </p>
          )}
          {data.successful.length > 0 && (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer text-sm font-medium">
                Synced items ({data.successful.length})
              </summary>
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {data.successful.map((item) => (
                  <li
                    key={`${item.type}-${item.item_id}`}
                    className="flex justify-between gap-3 py-1"
                  >
                    <ItemLabel item={item} />
                    <span className="shrink-0 font-mono text-xs">Sedna {item.sedna_id ?? '—'}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </Modal>
  );
}

/**
 * What the codes of a Sedna connection change mean for the operator (issues 18 and 22): the
 * run was started on another Sedna, or the header is in another Sedna, or the mapping is stale.
 */
function ConnectionNote({ item }: { item: SyncResult['failed'][number] }) {
  if (item.code === 'SEDNA_CONNECTION_CHANGED') {
    return (
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="warning">Sedna connection changed</Badge>
        <span className="text-slate-700">
          {item.in_sedna_without_rooms
            ? `Its header (Sedna id ${item.sedna_id}) is in the previous Sedna: point the settings back to it and retry to finish it there.`
            : 'Not sent: “Retry failed” sends it to the Sedna now configured.'}
        </span>
      </p>
    );
  }
  if (item.code === 'HOTEL_MAPPING_STALE') {
    return (
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="warning">Hotel mapping stale</Badge>
        <span className="text-slate-700">
          Mapped to Sedna hotel {item.sedna_hotel_id}
          {item.sedna_hotel_name ? ` (${item.sedna_hotel_name})` : ''}, which the Sedna now
          configured does not list so: map the hotel again, then retry.
        </span>
      </p>
    );
  }
  return null;
}
