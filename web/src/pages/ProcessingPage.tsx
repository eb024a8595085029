import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import type {
  EmailStatus,
  EmailType,
  MatchingEmailIds,
  Page,
  PendingEmail,
  SyncStarted,
} from '../api/types';
import { useSession } from '../auth/session';
import { EmailProcessingCard } from '../components/EmailProcessingCard';
import { FailedScheduleBanner } from '../components/FailedScheduleBanner';
import { EmptyState, ErrorAlert, Loading } from '../components/Feedback';
import { FilterSelect, type FilterOption } from '../components/FilterSelect';
import { FormField } from '../components/FormField';
import { Pagination } from '../components/Pagination';
import { StatsCards, type Stat } from '../components/StatsCards';
import { SyncRunDialogs, type SyncDialog } from '../components/SyncRunDialogs';
import { Tabs, type TabOption } from '../components/Tabs';
import { useResource } from '../hooks/useResource';
import { invalidProps, problemsOf } from '../lib/fieldErrors';
import { plural } from '../lib/format';
import { buttonClass, checkboxClass, inputClass } from '../lib/ui';

const PAGE_SIZE = 20;

type TypeTab = 'all' | Exclude<EmailType, 'unknown'>;

const TYPE_TABS: TabOption<TypeTab>[] = [
  { value: 'all', label: 'All' },
  { value: 'reservation', label: 'Reservations' },
  { value: 'stopsale', label: 'Stop sales' },
];

const STATUS_OPTIONS: FilterOption<EmailStatus>[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'failed', label: 'Failed' },
  { value: 'processed', label: 'Processed' },
];

/** The list's filters beside type and status, as the API names them. */
interface Filters {
  search: string;
  received_from: string;
  received_to: string;
}
type FilterField = keyof Filters;
const FILTER_FIELDS: readonly FilterField[] = ['search', 'received_from', 'received_to'];
const NO_FILTERS: Filters = { search: '', received_from: '', received_to: '' };
const TYPING_PAUSE_MS = 300;

function filterQuery(params: { type?: string; status: string } & Partial<Filters>) {
  const query = new URLSearchParams({ status: params.status });
  if (params.type) query.set('type', params.type);
  for (const field of FILTER_FIELDS) {
    const value = params[field]?.trim();
    if (value) query.set(field, value);
  }
  return query;
}

function pendingPath(
  params: { type?: string; status: string; page: number; limit: number } & Partial<Filters>,
) {
  const query = filterQuery(params);
  query.set('page', String(params.page));
  query.set('limit', String(params.limit));
  return `/api/emails/pending?${query.toString()}`;
}

/** What the selection shows of an e-mail: its subject once seen on a page, else its id. */
type Selection = Map<number, string | null>;

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
  /** The filters as typed, and as asked of the API (the search after a pause in typing). */
  const [typed, setTyped] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selected, setSelected] = useState<Selection>(new Map());
  const [showSelected, setShowSelected] = useState(false);
  const [selectingAll, setSelectingAll] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<SyncDialog>(null);
  const panelId = useId();
  const fieldId = useId();
  const idOf = (field: FilterField) => `${fieldId}-${field}`;
  const listTop = useRef<HTMLDivElement>(null);
  const selectedListId = useId();

  useEffect(() => {
    const timer = setTimeout(() => {
      setFilters((prev) =>
        FILTER_FIELDS.every((field) => prev[field] === typed[field]) ? prev : typed,
      );
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  // Other filters are another list: its first page.
  useEffect(() => setPage(1), [filters]);

  const stats = useEmailStats(refresh);
  const type = tab === 'all' ? undefined : tab;
  const emails = useResource(
    () =>
      api.get<Page<PendingEmail>>(
        pendingPath({ type, status, page, limit: PAGE_SIZE, ...filters }),
      ),
    [api, tab, status, page, filters, refresh],
  );
  const filterProblems = emails.error ? problemsOf(emails.cause, FILTER_FIELDS) : null;

  // Another tab or status means other e-mails (a processed one is no pending one): start over.
  useEffect(() => setSelected(new Map()), [tab, status]);

  const pageItems = useMemo(() => emails.data?.items ?? [], [emails.data]);
  const selectable = pageItems.filter((email) => email.parsed_data.items.length > 0);
  const selectedOnPage = selectable.filter((email) => selected.has(email.id)).length;
  const allOnPage = selectable.length > 0 && selectedOnPage === selectable.length;
  const elsewhere = selected.size - pageItems.filter((email) => selected.has(email.id)).length;
  const matching = emails.data?.total ?? 0;

  // E-mails selected by id alone (select all matching) get their subject once a page shows them.
  useEffect(() => {
    setSelected((prev) => {
      const unnamed = pageItems.filter(
        (email) => prev.has(email.id) && prev.get(email.id) === null,
      );
      if (!unnamed.length) return prev;
      const next = new Map(prev);
      for (const email of unnamed) next.set(email.id, email.subject);
      return next;
    });
  }, [pageItems]);

  const selectAllBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllBox.current) {
      selectAllBox.current.indeterminate = selectedOnPage > 0 && !allOnPage;
    }
  }, [selectedOnPage, allOnPage]);

  const toggle = (emailId: number) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (!next.delete(emailId)) {
        next.set(emailId, pageItems.find((email) => email.id === emailId)?.subject ?? null);
      }
      return next;
    });

  const toggleAllOnPage = () =>
    setSelected((prev) => {
      const next = new Map(prev);
      for (const email of selectable) {
        if (allOnPage) next.delete(email.id);
        else next.set(email.id, email.subject);
      }
      return next;
    });

  /** Every e-mail the filters match, by the ids the API lists for them (what Sync then starts). */
  const selectAllMatching = async () => {
    setSelectingAll(true);
    setStartError(null);
    try {
      const all = await api.get<MatchingEmailIds>(
        `/api/emails/pending/ids?${filterQuery({ type, status, ...filters }).toString()}`,
      );
      setSelected((prev) => {
        const next = new Map(prev);
        for (const emailId of all.ids) {
          if (!next.has(emailId)) {
            next.set(emailId, pageItems.find((email) => email.id === emailId)?.subject ?? null);
          }
        }
        return next;
      });
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setSelectingAll(false);
    }
  };

  const unselect = (emailId: number) =>
    setSelected((prev) => {
      const next = new Map(prev);
      next.delete(emailId);
      return next;
    });

  const clearSelection = () => {
    setSelected(new Map());
    setShowSelected(false);
  };

  const goToPage = (next: number) => {
    setPage(next);
    // The new page is read from its top, not from where the pager was.
    listTop.current?.scrollIntoView({ block: 'start' });
  };

  const startSync = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const run = await api.send<SyncStarted>('POST', '/api/sync/emails', {
        email_ids: [...selected.keys()],
      });
      clearSelection();
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

  const filterInput = (field: FilterField) => ({
    id: idOf(field),
    className: inputClass,
    value: typed[field],
    ...invalidProps(idOf(field), filterProblems?.byField[field]),
    onChange: (event: { target: { value: string } }) =>
      setTyped((prev) => ({ ...prev, [field]: event.target.value })),
  });
  const filtered = FILTER_FIELDS.some((field) => filters[field].trim());
  const allMatchingSelected =
    matching > 0 && selected.size >= matching && selectedOnPage === selectable.length;

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

      <FailedScheduleBanner />

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
          <search
            aria-label="Find e-mails"
            className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr_1fr]"
          >
            <FormField
              id={idOf('search')}
              label="Search"
              hint="Subject, sender, hotel or voucher"
              error={filterProblems?.byField.search}
            >
              <input
                {...filterInput('search')}
                {...invalidProps(idOf('search'), filterProblems?.byField.search, true)}
                type="search"
                maxLength={200}
                placeholder="e.g. Grand Paradise or VX-1077"
              />
            </FormField>
            <FormField
              id={idOf('received_from')}
              label="Received from"
              error={filterProblems?.byField.received_from}
            >
              <input {...filterInput('received_from')} type="date" />
            </FormField>
            <FormField
              id={idOf('received_to')}
              label="Received to"
              error={filterProblems?.byField.received_to}
            >
              <input {...filterInput('received_to')} type="date" />
            </FormField>
          </search>

          {/* Where a new page is shown from (the sticky bar itself never scrolls out of view). */}
          <div ref={listTop} className="scroll-mt-2" />
          <div className="sticky top-0 z-10 space-y-2 rounded-lg border border-slate-200 bg-white/95 px-4 py-3 shadow-sm backdrop-blur">
            <div className="flex flex-wrap items-center justify-between gap-3">
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
                {matching > selectable.length && !allMatchingSelected && (
                  <button
                    type="button"
                    className={buttonClass.link}
                    disabled={selectingAll}
                    onClick={() => void selectAllMatching()}
                  >
                    {selectingAll ? 'Selecting…' : `Select all matching (${matching})`}
                  </button>
                )}
                <div className="flex items-center gap-2">
                  <FilterSelect
                    label="Status"
                    value={status}
                    options={STATUS_OPTIONS}
                    onChange={(value) => {
                      setStatus(value);
                      setPage(1);
                    }}
                  />
                </div>
              </div>
              <div className="flex flex-wrap items-center gap-3">
                <p className="text-sm text-slate-700" aria-live="polite">
                  {plural(selected.size, 'e-mail')} selected
                  {elsewhere > 0 && ` (${elsewhere} not on this page)`}
                </p>
                {selected.size > 0 && (
                  <>
                    <button
                      type="button"
                      className={buttonClass.link}
                      aria-expanded={showSelected}
                      aria-controls={selectedListId}
                      onClick={() => setShowSelected((shown) => !shown)}
                    >
                      {showSelected ? 'Hide selected' : 'Show selected'}
                    </button>
                    <button type="button" className={buttonClass.link} onClick={clearSelection}>
                      Clear selection
                    </button>
                  </>
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
            {showSelected && selected.size > 0 && (
              <SelectedList id={selectedListId} selected={selected} onRemove={unselect} />
            )}
          </div>

          {startError && <ErrorAlert title="The sync did not start" message={startError} />}
          {emails.error && (filterProblems?.rest.length ?? 1) > 0 && (
            <ErrorAlert
              title="Could not load the e-mails"
              message={filterProblems?.rest.join('; ') ?? emails.error}
              onRetry={emails.reload}
            />
          )}
          {!emails.data && !emails.error && <Loading label="Loading e-mails…" />}
          {emails.data && pageItems.length === 0 && (
            <EmptyState
              title={filtered ? `No ${status} e-mails match` : `No ${status} e-mails here`}
            >
              {filtered
                ? 'Try another search or other dates.'
                : status === 'pending'
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
              onPage={goToPage}
            />
          )}
        </div>
      </section>

      <SyncRunDialogs dialog={dialog} onChange={onDialogChange} />
    </div>
  );
}

const SHOWN_SELECTED = 50;

/** The selection itself, wherever its e-mails are listed: what Sync will send. */
function SelectedList({
  id,
  selected,
  onRemove,
}: {
  id: string;
  selected: Selection;
  onRemove: (emailId: number) => void;
}) {
  const entries = [...selected.entries()];
  return (
    <div id={id} className="border-t border-slate-200 pt-2">
      <ul aria-label="Selected e-mails" className="max-h-48 space-y-1 overflow-y-auto text-sm">
        {entries.slice(0, SHOWN_SELECTED).map(([emailId, subject]) => (
          <li key={emailId} className="flex min-w-0 items-center justify-between gap-3">
            <span className="min-w-0 truncate">
              {subject ?? 'E-mail'} <span className="text-slate-500">#{emailId}</span>
            </span>
            <button type="button" className={buttonClass.link} onClick={() => onRemove(emailId)}>
              Remove<span className="sr-only"> e-mail {emailId} from the selection</span>
            </button>
          </li>
        ))}
      </ul>
      {entries.length > SHOWN_SELECTED && (
        <p className="mt-1 text-xs text-slate-600">
          and {entries.length - SHOWN_SELECTED} more (all of them are synced).
        </p>
      )}
    </div>
  );
}
