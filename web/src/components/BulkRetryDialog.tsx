import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ItemErrorCode, RetryFailedRequest, RetryFailedResponse } from '../api/types';
import { useSession } from '../auth/session';
import { invalidProps, problemsOf } from '../lib/fieldErrors';
import { plural } from '../lib/format';
import { buttonClass, checkboxClass, inputClass } from '../lib/ui';
import { ErrorAlert } from './Feedback';
import { FormField } from './FormField';
import { Modal } from './Modal';

const FIELDS = ['since', 'code', 'hotel'] as const;
type Field = (typeof FIELDS)[number];

interface Filters {
  since: string;
  code: ItemErrorCode | '';
  hotel: string;
  includeNeedsChange: boolean;
}

function requestOf(filters: Filters, dryRun: boolean): RetryFailedRequest {
  return {
    since: filters.since || undefined,
    code: filters.code || undefined,
    hotel: filters.hotel.trim() || undefined,
    include_needs_change: filters.includeNeedsChange,
    dry_run: dryRun,
  };
}

/**
 * Retry the tenant's failed items across runs (POST /api/sync/retry-failed): the filters, a
 * count of what the retry takes (a dry run, redone as the filters change), then one new run.
 */
export function BulkRetryDialog({
  onClose,
  onStarted,
}: {
  onClose: () => void;
  onStarted: (run: { sync_id: string; total_items: number }) => void;
}) {
  const { api } = useSession();
  const [filters, setFilters] = useState<Filters>({
    since: '',
    code: '',
    hotel: '',
    includeNeedsChange: false,
  });
  const [count, setCount] = useState<RetryFailedResponse | null>(null);
  /** Codes to filter by: those of every failed item, from a first unfiltered count. */
  const [codes, setCodes] = useState<ItemErrorCode[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const sinceId = useId();
  const codeId = useId();
  const hotelId = useId();
  const needsChangeId = useId();

  useEffect(() => {
    let live = true;
    api
      .send<RetryFailedResponse>('POST', '/api/sync/retry-failed', {
        include_needs_change: true,
        dry_run: true,
      })
      .then((all) => live && setCodes(Object.keys(all.by_code).sort() as ItemErrorCode[]))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  // The count follows the filters (a short pause while the hotel is typed).
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      setError(null);
      setFieldErrors({});
      api
        .send<RetryFailedResponse>('POST', '/api/sync/retry-failed', requestOf(filters, true))
        .then((answer) => live && setCount(answer))
        .catch((err: unknown) => {
          if (!live) return;
          setCount(null);
          const { byField, rest } = problemsOf(err, FIELDS);
          setFieldErrors(byField);
          setError(rest.length ? rest.join('; ') : null);
        });
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [api, filters]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    // No count, and no retry, until the count of these filters is in.
    setCount(null);
    setFilters((before) => ({ ...before, [key]: value }));
  };

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const run = await api.send<RetryFailedResponse>(
        'POST',
        '/api/sync/retry-failed',
        requestOf(filters, false),
      );
      if (run.sync_id) onStarted({ sync_id: run.sync_id, total_items: run.count });
    } catch (err) {
      const { byField, rest } = problemsOf(err, FIELDS);
      setFieldErrors(byField);
      setError(rest.length ? rest.join('; ') : null);
    } finally {
      setBusy(false);
    }
  };

  const tooMany = count !== null && count.count > count.max_items;
  return (
    <Modal
      title="Retry failed items across runs"
      description="Every item whose latest run failed it, in one new run. Items synced since are left out."
      onClose={onClose}
    >
      <form className="space-y-4 px-5 py-4" onSubmit={start}>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <FormField id={sinceId} label="Failed since" error={fieldErrors.since}>
            <input
              id={sinceId}
              type="date"
              className={inputClass}
              value={filters.since}
              onChange={(e) => set('since', e.target.value)}
              {...invalidProps(sinceId, fieldErrors.since)}
            />
          </FormField>
          <FormField id={codeId} label="Error code" error={fieldErrors.code}>
            <select
              id={codeId}
              className={inputClass}
              value={filters.code}
              onChange={(e) => set('code', e.target.value as ItemErrorCode | '')}
              {...invalidProps(codeId, fieldErrors.code)}
            >
              <option value="">Any</option>
              {codes.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id={hotelId} label="Hotel contains" error={fieldErrors.hotel}>
            <input
              id={hotelId}
              className={inputClass}
              maxLength={200}
              value={filters.hotel}
              onChange={(e) => set('hotel', e.target.value)}
              {...invalidProps(hotelId, fieldErrors.hotel)}
            />
          </FormField>
        </div>
        <label htmlFor={needsChangeId} className="flex items-center gap-2 text-sm">
          <input
            id={needsChangeId}
            type="checkbox"
            className={checkboxClass}
            checked={filters.includeNeedsChange}
            onChange={(e) => set('includeNeedsChange', e.target.checked)}
          />
          Include items that need a change first (unknown room or board codes)
        </label>

        <p role="status" aria-live="polite" className="text-sm" data-testid="bulk-retry-count">
          {count === null
            ? 'Counting…'
            : count.count === 0
              ? 'No failed items match.'
              : `${plural(count.count, 'failed item')} from ${plural(count.runs, 'run')} will be retried.`}
          {count !== null && count.skipped_needs_change > 0 && (
            <span className="text-slate-600">
              {' '}
              {plural(count.skipped_needs_change, 'item that needs', 'items that need')} a change
              first left out.
            </span>
          )}
          {tooMany && (
            <span className="block text-red-800">
              At most {count.max_items} per retry: narrow the filters.
            </span>
          )}
        </p>
        {error && <ErrorAlert title="Could not retry" message={error} />}

        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonClass.secondary} onClick={onClose}>
            Close
          </button>
          <button
            type="submit"
            className={buttonClass.primary}
            disabled={busy || !count || count.count === 0 || tooMany}
          >
            {count && count.count > 0 ? `Retry ${plural(count.count, 'item')}` : 'Retry'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
