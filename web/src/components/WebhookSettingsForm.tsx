import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { useResource } from '../hooks/useResource';
import { formatDateTime, shortId } from '../lib/format';
import { buttonClass, cardClass, checkboxClass, inputClass, labelClass } from '../lib/ui';
import { Badge } from './Badge';
import { invalidProps, problemsOf } from '../lib/fieldErrors';
import { EmptyState, ErrorAlert, Loading, SuccessNotice } from './Feedback';
import { FormField } from './FormField';
import { Pagination } from './Pagination';
// The server's lists, one definition in the contract (Vite bundles the file).
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../src/contract/webhook-events';
import type { Page, WebhookDelivery, WebhookSettings } from '../api/types';

const EVENT_LABELS: Record<WebhookEvent, string> = {
  'run.completed': 'Run completed',
  'run.partial': 'Run partly failed',
  'run.failed': 'Run failed',
  'run.cancelled': 'Run cancelled',
  'reconcile.completed': 'Drift check completed',
};

const OUTCOME_TONES = { delivered: 'success', retrying: 'warning', failed: 'danger' } as const;
const DELIVERIES_PAGE_SIZE = 10;

function DeliveryLog({ version }: { version: number }) {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const log = useResource(
    () =>
      api.get<Page<WebhookDelivery>>(
        `/api/settings/webhooks/deliveries?page=${page}&limit=${DELIVERIES_PAGE_SIZE}`,
      ),
    [api, page, version],
  );
  if (log.error) {
    return (
      <ErrorAlert
        title="Could not load the delivery log"
        message={log.error}
        onRetry={log.reload}
      />
    );
  }
  if (!log.data) return <Loading label="Loading the delivery log…" />;
  if (!log.data.total) {
    return (
      <EmptyState title="No deliveries yet">Each finished run’s delivery shows here.</EmptyState>
    );
  }
  return (
    <div>
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm" aria-busy={log.loading}>
          <caption className="sr-only">Webhook deliveries, newest first</caption>
          <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                When
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Run
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Event
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Attempt
              </th>
              <th scope="col" className="py-2 font-medium">
                Outcome
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {log.data.items.map((d) => (
              <tr key={d.id} className="align-top">
                <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(d.at)}</td>
                <td className="py-2 pr-4 font-mono whitespace-nowrap">
                  {shortId(d.sync_id ?? d.reconcile_id ?? '')}
                </td>
                <td className="py-2 pr-4 whitespace-nowrap">{d.event}</td>
                <td className="py-2 pr-4 tabular-nums">{d.attempt}</td>
                <td className="py-2">
                  <Badge tone={OUTCOME_TONES[d.outcome]}>{d.outcome}</Badge>
                  {d.status_code !== null && (
                    <span className="ml-2 text-xs text-slate-600">HTTP {d.status_code}</span>
                  )}
                  {d.error && d.status_code === null && (
                    <div className="text-xs text-slate-600">{d.error}</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={log.data.page}
        pages={log.data.pages}
        total={log.data.total}
        noun="deliveries"
        onPage={setPage}
      />
    </div>
  );
}

type WebhookField = 'url' | 'secret' | 'events';
const WEBHOOK_FIELDS: readonly WebhookField[] = ['url', 'secret', 'events'];

/**
 * The tenant's webhook: where each finished run's summary is POSTed, signed with the secret
 * (write-only: never shown, kept when empty), the events sent, and the delivery log.
 */
export function WebhookSettingsForm() {
  const { api } = useSession();
  const idPrefix = useId();
  const loaded = useResource(() => api.get<WebhookSettings>('/api/settings/webhooks'), [api]);
  const [saved, setSaved] = useState<WebhookSettings | null>(null);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<WebhookField, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [logVersion, setLogVersion] = useState(0);

  const show = (next: WebhookSettings) => {
    setSaved(next);
    setUrl(next.url ?? '');
    setSecret('');
    setEvents(next.url ? next.events : [...WEBHOOK_EVENTS]);
  };

  useEffect(() => {
    if (loaded.data) show(loaded.data);
  }, [loaded.data]);

  const toggle = (event: WebhookEvent) =>
    setEvents((prev) =>
      prev.includes(event) ? prev.filter((e) => e !== event) : [...prev, event],
    );

  const save = async (body: unknown, done: (next: WebhookSettings) => string) => {
    setSaving(true);
    setError(null);
    setFieldErrors({});
    setNotice(null);
    try {
      const next = await api.send<WebhookSettings>('PUT', '/api/settings/webhooks', body);
      show(next);
      setNotice(done(next));
      setLogVersion((v) => v + 1);
    } catch (err) {
      const { byField, rest } = problemsOf(err, WEBHOOK_FIELDS);
      setFieldErrors(byField);
      setError(rest.length ? rest.join('; ') : null);
    } finally {
      setSaving(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(
      { url: url.trim(), events, ...(secret ? { secret } : {}) },
      (next) => `Webhook saved at ${formatDateTime(next.updated_at)}.`,
    );
  };

  if (loaded.error) {
    return (
      <ErrorAlert
        title="Could not load the webhook settings"
        message={loaded.error}
        onRetry={loaded.reload}
      />
    );
  }
  if (!loaded.data) return <Loading label="Loading the webhook settings…" />;

  const on = Boolean(saved?.url);
  const secretHint = saved?.secret_set
    ? 'A secret is stored. Leave empty to keep it; it is never shown.'
    : 'Required the first time (at least 16 characters). Receivers verify X-Sedna-Sync-Signature with it.';

  return (
    <form
      className={`${cardClass} space-y-4 p-5`}
      onSubmit={submit}
      aria-labelledby={`${idPrefix}-title`}
    >
      <div>
        <h2 id={`${idPrefix}-title`} className="text-lg font-semibold">
          Webhooks
        </h2>
        <p className="text-sm text-slate-600">
          {on
            ? `Each finished run is POSTed to this URL. Last saved ${formatDateTime(saved?.updated_at)}.`
            : 'Off. Save a URL to have each finished run POSTed to it, signed with the secret.'}
        </p>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <FormField id={`${idPrefix}-url`} label="URL" error={fieldErrors.url}>
          <input
            id={`${idPrefix}-url`}
            className={inputClass}
            type="url"
            required
            placeholder="https://hooks.example.com/sedna-sync"
            {...invalidProps(`${idPrefix}-url`, fieldErrors.url)}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </FormField>
        <FormField
          id={`${idPrefix}-secret`}
          label="Secret"
          hint={secretHint}
          error={fieldErrors.secret}
        >
          <input
            id={`${idPrefix}-secret`}
            className={inputClass}
            type="password"
            autoComplete="new-password"
            required={!saved?.secret_set}
            minLength={16}
            {...invalidProps(`${idPrefix}-secret`, fieldErrors.secret, true)}
            placeholder={saved?.secret_set ? '•••••••• (stored)' : ''}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </FormField>
      </div>
      <fieldset>
        <legend className={labelClass}>Events</legend>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className={checkboxClass}
                checked={events.includes(event)}
                onChange={() => toggle(event)}
              />
              {EVENT_LABELS[event]}{' '}
              <span className="font-mono text-xs text-slate-500">{event}</span>
            </label>
          ))}
        </div>
        {fieldErrors.events && (
          <p id={`${idPrefix}-events-error`} className="mt-1 text-sm text-red-800">
            {fieldErrors.events}
          </p>
        )}
      </fieldset>
      {error && <ErrorAlert title="Not saved" message={error} />}
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <div className="flex justify-end gap-2">
        {on && (
          <button
            type="button"
            className={buttonClass.danger}
            disabled={saving}
            onClick={() => void save({ url: null }, () => 'Webhooks turned off.')}
          >
            Turn off
          </button>
        )}
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={saving || events.length === 0}
        >
          {saving ? 'Saving…' : 'Save webhook'}
        </button>
      </div>
      <div>
        <h3 className="text-base font-semibold">Deliveries</h3>
        <DeliveryLog version={logVersion} />
      </div>
    </form>
  );
}
