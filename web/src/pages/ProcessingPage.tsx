import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import type { EmailStatus, EmailType, Page, PendingEmail, StartSyncResponse } from '../api/types';
import { useSession } from '../auth/session';
import { EmailProcessingCard } from '../components/EmailProcessingCard';
import { EmptyState, ErrorAlert, Loading } from '../components/Feedback';
import { Pagination } from '../components/Pagination';
import { StatsCards, type Stat } from '../components/StatsCards';
import { SyncRunDialogs, type SyncDialog } from '../components/SyncRunDialogs';
import { Tabs, type TabOption } from '../components/Tabs';
import { useResource } from '../hooks/useResource';
import { plural } from '../lib/format';
import { buttonClass, checkboxClass, inputClass, labelClass } from '../lib/ui';

const PAGE_SIZE = 20;

type TypeTab = 'all' | Exclude<EmailType, 'unknown'>;

const TYPE_TABS: TabOption<TypeTab>[] = [
  { value: 'all', label: 'All' },
  { value: 'reservation', label: 'Reservations' },
  { value: 'stopsale', label: 'Stop sales' },
];

const STATUS_OPTIONS: { value: EmailStatus; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'failed', label: 'Failed' },
  { value: 'processed', label: 'Processed' },
];

function pendingPath(params: { type?: string; status: string; page: number; limit: number }) {
  const query = new URLSearchParams({
    status: params.status,
    page: String(params.page),
    limit: String(params.limit),
  });
  if (params.type) query.set('type', params.type);
  return `/api/emails/pending?${query.toString()}`;
}

/** The counts on the cards: three one-row queries, `total` is what they are for. */
function useEmailStats(refresh: number) {
  const { api } = useSession();
  return useResource(async () => {
    const count = (type: string | undefined, status: EmailStatus) =>
      api
        .get<Page<PendingEmail>>(pendingPath({ type, status, page: 1, limit: 1 }))
        .then((p) => p.total);
    const [reservations, stopSales, failed] = await Promise.all([
      count('reservation', 'pending'),
      count('stopsale', 'pending'),
      count(undefined, 'failed'),
    ]);
    return { reservations, stopSales, failed };
  }, [api, refresh]);
}

/** Seed 000 §5's processing page: pick parsed e-mails and push their items to Sedna. */
export function ProcessingPage() {
  const { api } = useSession();
  const [tab, setTab] = useState<TypeTab>('all');
  const [status, setStatus] = useState<EmailStatus>('pending');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [refresh, setRefresh] = useState(0);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<SyncDialog>(null);
  const panelId = useId();
  const statusFieldId = useId();

  const stats = useEmailStats(refresh);
  const emails = useResource(
    () =>
      api.get<Page<PendingEmail>>(
        pendingPath({ type: tab === 'all' ? undefined : tab, status, page, limit: PAGE_SIZE }),
      ),
    [api, tab, status, page, refresh],
  );

  // Another list means other e-mails: a selection the user cannot see would be a surprise.
  useEffect(() => setSelected(new Set()), [tab, status]);

  const pageItems = useMemo(() => emails.data?.items ?? [], [emails.data]);
  const selectable = pageItems.filter((email) => email.parsed_data.items.length > 0);
  const selectedOnPage = selectable.filter((email) => selected.has(email.id)).length;
  const allOnPage = selectable.length > 0 && selectedOnPage === selectable.length;

  const selectAllBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllBox.current) {
      selectAllBox.current.indeterminate = selectedOnPage > 0 && !allOnPage;
    }
  }, [selectedOnPage, allOnPage]);

  const toggle = (emailId: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(emailId)) next.add(emailId);
      return next;
    });

  const toggleAllOnPage = () =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const email of selectable) {
        if (allOnPage) next.delete(email.id);
        else next.add(email.id);
      }
      return next;
    });

  const startSync = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const run = await api.send<StartSyncResponse>('POST', '/api/sync/emails', {
        email_ids: [...selected],
      });
      setSelected(new Set());
      setDialog({ view: 'progress', syncId: run.sync_id, expectedTotal: run.total_items });
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  const onDialogChange = (next: SyncDialog) => {
    setDialog(next);
    // Every step of a run changes e-mail statuses: show them as they are now.
    setRefresh((n) => n + 1);
  };

  const statCards: Stat[] = [
    { label: 'Pending reservations', value: stats.data?.reservations, tone: 'sky' },
    { label: 'Pending stop sales', value: stats.data?.stopSales, tone: 'violet' },
    { label: 'Failed e-mails', value: stats.data?.failed, tone: 'red' },
  ];

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">E-mail processing</h1>
          <p className="text-sm text-slate-600">
            Pick parsed e-mails and push their reservations and stop sales to Sedna.
          </p>
        </div>
      </div>

      {stats.error ? (
        <ErrorAlert
          title="Could not load the counts"
          message={stats.error}
          onRetry={stats.reload}
        />
      ) : (
        <StatsCards stats={statCards} />
      )}

      <section aria-label="E-mails" className="space-y-3">
        <Tabs
          label="E-mail type"
          options={TYPE_TABS}
          value={tab}
          onChange={(value) => {
            setTab(value);
            setPage(1);
          }}
          panelId={panelId}
        />
        <div
          id={panelId}
          role="tabpanel"
          aria-labelledby={`${panelId}-tab-${tab}`}
          className="space-y-3"
        >
          <div className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white/95 px-4 py-3 shadow-sm backdrop-blur">
            <div className="flex flex-wrap items-center gap-4">
              <label className="flex items-center gap-2 text-sm font-medium">
                <input
                  ref={selectAllBox}
                  type="checkbox"
                  className={checkboxClass}
                  checked={allOnPage}
                  onChange={toggleAllOnPage}
                  disabled={selectable.length === 0}
                />
                Select all on this page
              </label>
              <div className="flex items-center gap-2">
                <label htmlFor={statusFieldId} className={labelClass}>
                  Status
                </label>
                <select
                  id={statusFieldId}
                  className={`${inputClass} w-auto py-1.5`}
                  value={status}
                  onChange={(event) => {
                    setStatus(event.target.value as EmailStatus);
                    setPage(1);
                  }}
                >
                  {STATUS_OPTIONS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <p className="text-sm text-slate-700" aria-live="polite">
                {plural(selected.size, 'e-mail')} selected
              </p>
              {selected.size > 0 && (
                <button
                  type="button"
                  className={buttonClass.link}
                  onClick={() => setSelected(new Set())}
                >
                  Clear selection
                </button>
              )}
              <button
                type="button"
                className={buttonClass.primary}
                disabled={selected.size === 0 || starting}
                onClick={() => void startSync()}
              >
                {starting
                  ? 'Starting…'
                  : `Sync ${selected.size ? plural(selected.size, 'e-mail') : ''}`.trim()}
              </button>
            </div>
          </div>

          {startError && <ErrorAlert title="The sync did not start" message={startError} />}
          {emails.error && (
            <ErrorAlert
              title="Could not load the e-mails"
              message={emails.error}
              onRetry={emails.reload}
            />
          )}
          {!emails.data && !emails.error && <Loading label="Loading e-mails…" />}
          {emails.data && pageItems.length === 0 && (
            <EmptyState title={`No ${status} e-mails here`}>
              {status === 'pending'
                ? 'New e-mails appear here once the parser has imported them.'
                : 'Try another status or tab.'}
            </EmptyState>
          )}
          {pageItems.length > 0 && (
            <ul className="space-y-3" aria-label="E-mails on this page" aria-busy={emails.loading}>
              {pageItems.map((email) => (
                <EmailProcessingCard
                  key={email.id}
                  email={email}
                  selected={selected.has(email.id)}
                  onToggle={toggle}
                />
              ))}
            </ul>
          )}
          {emails.data && (
            <Pagination
              page={emails.data.page}
              pages={emails.data.pages}
              total={emails.data.total}
              noun="e-mails"
              onPage={setPage}
            />
          )}
        </div>
      </section>

      <SyncRunDialogs dialog={dialog} onChange={onDialogChange} />
    </div>
  );
}
