import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ScheduleSettingsView, ScheduleSettingsInput, TemporalSchedule } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading, SuccessNotice } from '../components/Feedback';
import { FormField as Field } from '../components/FormField';
import { useResource } from '../hooks/useResource';
import { hrefFor } from '../hooks/useHashRoute';
import { invalidProps, problemsOf } from '../lib/fieldErrors';
import { formatDateTime } from '../lib/format';
import { buttonClass, cardClass, checkboxClass, inputClass, labelClass } from '../lib/ui';

type TextField =
  | 'interval_minutes'
  | 'window_start'
  | 'window_end'
  | 'time_zone'
  | 'max_items'
  | 'nightly_retry_time'
  | 'drift_check_time'
  | 'drift_check_window_days';
type CheckField = 'enabled' | 'nightly_retry' | 'drift_check';

interface FormValues extends Record<TextField, string>, Record<CheckField, boolean> {}

type FieldName = keyof FormValues;
const FIELDS: readonly FieldName[] = [
  'enabled',
  'interval_minutes',
  'window_start',
  'window_end',
  'time_zone',
  'max_items',
  'nightly_retry',
  'nightly_retry_time',
  'drift_check',
  'drift_check_time',
  'drift_check_window_days',
];

/** The PUT body: like the other numbers, a window the user typed badly is sent as typed. */
type SettingsBody = Omit<ScheduleSettingsInput, 'drift_check_window_days'> & {
  drift_check_window_days?: number | string;
};

const KIND_LABELS: Record<TemporalSchedule['kind'], string> = {
  'auto-sync': 'Auto-sync',
  'nightly-retry': 'Nightly retry',
  'drift-check': 'Drift check',
};

function valuesOf(s: ScheduleSettingsView): FormValues {
  return {
    enabled: s.enabled,
    interval_minutes: String(s.interval_minutes),
    window_start: s.window_start,
    window_end: s.window_end,
    time_zone: s.time_zone,
    max_items: String(s.max_items),
    nightly_retry: s.nightly_retry,
    nightly_retry_time: s.nightly_retry_time,
    drift_check: s.drift_check,
    drift_check_time: s.drift_check_time,
    drift_check_window_days: String(s.drift_check_window_days),
  };
}

/** Numbers as numbers; anything else is sent as typed, so the API's 400 names the field. */
function inputOf(v: FormValues): SettingsBody {
  const num = (value: string): number | string =>
    /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return {
    enabled: v.enabled,
    interval_minutes: num(v.interval_minutes),
    window_start: v.window_start.trim(),
    window_end: v.window_end.trim(),
    time_zone: v.time_zone.trim(),
    max_items: num(v.max_items),
    nightly_retry: v.nightly_retry,
    nightly_retry_time: v.nightly_retry_time.trim(),
    drift_check: v.drift_check,
    drift_check_time: v.drift_check_time.trim(),
    drift_check_window_days: num(v.drift_check_window_days),
  };
}

function ScheduleList({ schedules }: { schedules: TemporalSchedule[] }) {
  if (schedules.length === 0) {
    return <p className="text-sm text-slate-600">No Temporal schedule is in force.</p>;
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2" aria-label="Temporal schedules">
      {schedules.map((schedule) => (
        <li key={schedule.schedule_id} className={`${cardClass} min-w-0 space-y-2 p-4`}>
          <p className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-semibold">{KIND_LABELS[schedule.kind]}</span>
            <span className="text-xs text-slate-600">
              {schedule.paused ? 'Paused' : 'Active'}
              {schedule.running && ' · a run is in progress'}
            </span>
          </p>
          {schedule.next_run_times.length > 0 ? (
            <div className="text-sm">
              <p className="text-slate-600">Next runs</p>
              <ul className="tabular-nums">
                {schedule.next_run_times.slice(0, 3).map((time) => (
                  <li key={time}>
                    <time dateTime={time}>{formatDateTime(time)}</time>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm text-slate-600">No upcoming run (paused).</p>
          )}
          <a
            className={buttonClass.link}
            href={schedule.temporal_ui_url}
            target="_blank"
            rel="noopener noreferrer"
          >
            Open in Temporal UI
            <span className="sr-only"> ({KIND_LABELS[schedule.kind]}, new tab)</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The tenant's auto-sync: settings, the Temporal schedules in force, pause/resume, run now. */
export function SchedulesPage() {
  const { api } = useSession();
  const idPrefix = useId();
  const id = (name: FieldName) => `${idPrefix}-${name}`;
  const loaded = useResource(() => api.get<ScheduleSettingsView>('/api/schedules'), [api]);
  const [settings, setSettings] = useState<ScheduleSettingsView | null>(null);
  const [values, setValues] = useState<FormValues | null>(null);
  const [busy, setBusy] = useState<'save' | 'pause' | 'trigger' | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);

  useEffect(() => {
    if (!loaded.data) return;
    setSettings(loaded.data);
    setValues(valuesOf(loaded.data));
  }, [loaded.data]);

  if (loaded.error && !settings) {
    return (
      <ErrorAlert
        title="Could not load the schedule"
        message={loaded.error}
        onRetry={loaded.reload}
      />
    );
  }
  if (!settings || !values) return <Loading label="Loading the schedule…" />;

  const run = async (kind: 'save' | 'pause' | 'trigger', action: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (err) {
      const { byField, rest } = problemsOf(err, FIELDS);
      setFieldErrors(byField);
      if (rest.length) setError(rest.join('; '));
    } finally {
      setBusy(null);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run('save', async () => {
      const next = await api.send<ScheduleSettingsView>('PUT', '/api/schedules', inputOf(values));
      setFieldErrors({});
      setSettings(next);
      setValues(valuesOf(next));
      setNotice(`Schedule saved at ${formatDateTime(next.updated_at)}.`);
    });
  };

  const togglePause = () =>
    void run('pause', async () => {
      const path = settings.paused ? '/api/schedules/resume' : '/api/schedules/pause';
      const next = await api.send<ScheduleSettingsView>('POST', path);
      setSettings(next);
      setNotice(next.paused ? 'Auto-sync paused.' : 'Auto-sync resumed.');
    });

  const trigger = () =>
    void run('trigger', async () => {
      await api.send('POST', '/api/schedules/trigger', { schedule: 'auto-sync' });
      setNotice(
        <>
          Run started; it appears in{' '}
          <a className={buttonClass.link} href={hrefFor('history')}>
            History
          </a>
          .
        </>,
      );
    });

  // `hinted`: the field has a hint (FormField's `${id}-hint`), which the input names too.
  const text = (name: TextField, hinted = false) => ({
    id: id(name),
    className: inputClass,
    value: values[name],
    ...invalidProps(id(name), fieldErrors[name], hinted),
    onChange: (event: { target: { value: string } }) =>
      setValues((prev) => prev && { ...prev, [name]: event.target.value }),
  });
  const check = (name: CheckField, label: string, hint?: string) => (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id(name)}
          type="checkbox"
          className={checkboxClass}
          checked={values[name]}
          {...invalidProps(id(name), fieldErrors[name], hint !== undefined)}
          onChange={(event) =>
            setValues((prev) => prev && { ...prev, [name]: event.target.checked })
          }
        />
        <label htmlFor={id(name)} className={labelClass}>
          {label}
        </label>
      </div>
      {hint && (
        <p id={`${id(name)}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {fieldErrors[name] && (
        <p id={`${id(name)}-error`} className="mt-1 text-sm text-red-800">
          {fieldErrors[name]}
        </p>
      )}
    </div>
  );

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Schedules</h1>
          <p className="text-sm text-slate-600">
            Auto-sync of pending e-mails in a daily window, a nightly retry of transient failures
            and a daily drift check against Sedna.
            {settings.enabled && (settings.paused ? ' Paused.' : ' Active.')}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={togglePause}
            disabled={!settings.enabled || busy !== null}
          >
            {settings.paused ? 'Resume' : 'Pause'}
          </button>
          <button
            type="button"
            className={buttonClass.primary}
            onClick={trigger}
            disabled={!settings.enabled || busy !== null}
          >
            {busy === 'trigger' ? 'Starting…' : 'Run now'}
          </button>
        </div>
      </div>

      {error && <ErrorAlert title="Not done" message={error} />}
      {notice && <SuccessNotice>{notice}</SuccessNotice>}

      <ScheduleList schedules={settings.schedules} />

      <form className={`${cardClass} space-y-4 p-5`} onSubmit={save} noValidate>
        <h2 className="text-lg font-semibold">Settings</h2>
        {check('enabled', 'Auto-sync enabled')}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id={id('interval_minutes')}
            label="Interval (minutes)"
            hint="Minutes between run starts, counted from the window's start."
            error={fieldErrors.interval_minutes}
          >
            <input {...text('interval_minutes', true)} inputMode="numeric" />
          </Field>
          <Field
            id={id('max_items')}
            label="Max items per run"
            hint="Oldest e-mail first."
            error={fieldErrors.max_items}
          >
            <input {...text('max_items', true)} inputMode="numeric" />
          </Field>
          <Field
            id={id('window_start')}
            label="Window start (HH:MM)"
            error={fieldErrors.window_start}
          >
            <input {...text('window_start')} placeholder="08:00" />
          </Field>
          <Field
            id={id('window_end')}
            label="Window end (HH:MM)"
            hint="No run starts at or after it; 24:00 ends the day."
            error={fieldErrors.window_end}
          >
            <input {...text('window_end', true)} placeholder="23:00" />
          </Field>
          <Field
            id={id('time_zone')}
            label="Time zone"
            hint="An IANA name such as Europe/Istanbul."
            error={fieldErrors.time_zone}
          >
            <input {...text('time_zone', true)} autoComplete="off" />
          </Field>
          <Field
            id={id('nightly_retry_time')}
            label="Nightly retry at (HH:MM)"
            error={fieldErrors.nightly_retry_time}
          >
            <input {...text('nightly_retry_time')} placeholder="02:00" />
          </Field>
        </div>
        {check('nightly_retry', 'Nightly retry of transient failures')}
        {check(
          'drift_check',
          'Daily drift check against Sedna',
          'While auto-sync is enabled: reads back from Sedna what is synced and records what differs (Drift page); it never writes to Sedna.',
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id={id('drift_check_time')}
            label="Drift check at (HH:MM)"
            hint="In the time zone above."
            error={fieldErrors.drift_check_time}
          >
            <input {...text('drift_check_time', true)} placeholder="03:00" />
          </Field>
          <Field
            id={id('drift_check_window_days')}
            label="Drift check window (days)"
            hint="It checks the items synced within this many days."
            error={fieldErrors.drift_check_window_days}
          >
            <input {...text('drift_check_window_days', true)} inputMode="numeric" />
          </Field>
        </div>
        <div className="flex justify-end">
          <button type="submit" className={buttonClass.primary} disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save schedule'}
          </button>
        </div>
      </form>
    </div>
  );
}
