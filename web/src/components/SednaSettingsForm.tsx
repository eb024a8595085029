import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import type { SednaConnectionTest, SednaSettings, SednaSettingsInput } from '../api/types';
import { useSession } from '../auth/session';
import { useResource } from '../hooks/useResource';
import { invalidProps, problemsOf } from '../lib/fieldErrors';
import { formatDateTime } from '../lib/format';
import { buttonClass, cardClass, inputClass } from '../lib/ui';
import { ErrorAlert, Loading, SuccessNotice } from './Feedback';
import { FormField as Field } from './FormField';

interface FormValues {
  api_url: string;
  username: string;
  password: string;
  operator_id: string;
  operator_code: string;
  authority_id: string;
  rate_limit_per_second: string;
}

const EMPTY: FormValues = {
  api_url: '',
  username: '',
  password: '',
  operator_id: '',
  operator_code: '',
  authority_id: '',
  rate_limit_per_second: '',
};

function valuesOf(settings: SednaSettings): FormValues {
  return {
    api_url: settings.api_url,
    username: settings.username,
    password: '',
    operator_id: String(settings.operator_id),
    operator_code: settings.operator_code,
    authority_id: String(settings.authority_id),
    rate_limit_per_second: String(settings.rate_limit_per_second),
  };
}

/** Empty optional numbers are left out, so the server keeps (or defaults) them. */
function inputOf(values: FormValues): SednaSettingsInput {
  const optional = (value: string) => (value.trim() ? Number(value) : undefined);
  return {
    api_url: values.api_url.trim(),
    username: values.username.trim(),
    ...(values.password ? { password: values.password } : {}),
    operator_id: Number(values.operator_id),
    operator_code: values.operator_code.trim(),
    authority_id: optional(values.authority_id),
    rate_limit_per_second: optional(values.rate_limit_per_second),
  };
}

const FIELDS = Object.keys(EMPTY) as (keyof FormValues)[];

interface ConnectionOutcome {
  ok: boolean;
  text: string;
}

/** The tenant's Sedna connection; the password is write-only (never shown, kept when empty). */
export function SednaSettingsForm() {
  const { api } = useSession();
  const idPrefix = useId();
  const id = (name: keyof FormValues) => `${idPrefix}-${name}`;
  // 404 means "not configured yet": an empty form, not an error.
  const loaded = useResource(
    () =>
      api.get<SednaSettings>('/api/settings/sedna').catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 'SEDNA_SETTINGS_NOT_CONFIGURED') return null;
        throw err;
      }),
    [api],
  );
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [saved, setSaved] = useState<SednaSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof FormValues, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<ConnectionOutcome | null>(null);

  // Sedna is asked with the saved settings (the API tests what syncs would use).
  const testConnection = async () => {
    setTesting(true);
    setTested(null);
    try {
      const answer = await api.send<SednaConnectionTest>('POST', '/api/settings/sedna/test');
      setTested(
        answer.ok
          ? {
              ok: true,
              text: `Connected: ${answer.hotels} hotels listed in ${answer.latency_ms} ms.`,
            }
          : { ok: false, text: `Sedna refused: ${answer.detail}` },
      );
    } catch (err) {
      setTested({ ok: false, text: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  };

  useEffect(() => {
    if (loaded.data === undefined) return;
    setSaved(loaded.data);
    setValues(loaded.data ? valuesOf(loaded.data) : EMPTY);
  }, [loaded.data]);

  const set = (name: keyof FormValues) => (event: { target: { value: string } }) =>
    setValues((prev) => ({ ...prev, [name]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldErrors({});
    setNotice(null);
    try {
      const next = await api.send<SednaSettings>('PUT', '/api/settings/sedna', inputOf(values));
      setSaved(next);
      setValues(valuesOf(next));
      setNotice(`Sedna settings saved at ${formatDateTime(next.updated_at)}.`);
    } catch (err) {
      const { byField, rest } = problemsOf(err, FIELDS);
      setFieldErrors(byField);
      setError(rest.length ? rest.join('; ') : null);
    } finally {
      setSaving(false);
    }
  };

  if (loaded.error) {
    return (
      <ErrorAlert
        title="Could not load the Sedna settings"
        message={loaded.error}
        onRetry={loaded.reload}
      />
    );
  }
  if (loaded.data === undefined) return <Loading label="Loading the Sedna settings…" />;

  const passwordHint = saved?.password_set
    ? 'A password is stored. Leave empty to keep it; it is never shown.'
    : 'Required the first time. It is stored encrypted and never shown again.';

  return (
    <form
      className={`${cardClass} space-y-4 p-5`}
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${idPrefix}-title`}
    >
      <div>
        <h2 id={`${idPrefix}-title`} className="text-lg font-semibold">
          Sedna connection
        </h2>
        <p className="text-sm text-slate-600">
          {saved
            ? `Last saved ${formatDateTime(saved.updated_at)}.`
            : 'Not configured yet: syncs fail until this is saved.'}
        </p>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field label="API URL" id={id('api_url')} error={fieldErrors.api_url}>
          <input
            id={id('api_url')}
            className={inputClass}
            {...invalidProps(id('api_url'), fieldErrors.api_url)}
            type="url"
            required
            placeholder="https://sedna.example.com/SednaAgencyb2bApi"
            value={values.api_url}
            onChange={set('api_url')}
          />
        </Field>
        <Field label="Username" id={id('username')} error={fieldErrors.username}>
          <input
            id={id('username')}
            className={inputClass}
            {...invalidProps(id('username'), fieldErrors.username)}
            required
            autoComplete="username"
            value={values.username}
            onChange={set('username')}
          />
        </Field>
        <Field
          label="Password"
          id={id('password')}
          error={fieldErrors.password}
          hint={passwordHint}
        >
          <input
            id={id('password')}
            className={inputClass}
            {...invalidProps(id('password'), fieldErrors.password, true)}
            type="password"
            autoComplete="new-password"
            required={!saved?.password_set}
            placeholder={saved?.password_set ? '•••••••• (stored)' : ''}
            value={values.password}
            onChange={set('password')}
          />
        </Field>
        <Field label="Operator code" id={id('operator_code')} error={fieldErrors.operator_code}>
          <input
            id={id('operator_code')}
            className={inputClass}
            {...invalidProps(id('operator_code'), fieldErrors.operator_code)}
            required
            value={values.operator_code}
            onChange={set('operator_code')}
          />
        </Field>
        <Field label="Operator id" id={id('operator_id')} error={fieldErrors.operator_id}>
          <input
            id={id('operator_id')}
            className={inputClass}
            {...invalidProps(id('operator_id'), fieldErrors.operator_id)}
            type="number"
            min={1}
            required
            value={values.operator_id}
            onChange={set('operator_id')}
          />
        </Field>
        <Field
          label="Authority id"
          id={id('authority_id')}
          error={fieldErrors.authority_id}
          hint="Empty: kept, or 207 the first time."
        >
          <input
            id={id('authority_id')}
            className={inputClass}
            {...invalidProps(id('authority_id'), fieldErrors.authority_id, true)}
            type="number"
            min={1}
            value={values.authority_id}
            onChange={set('authority_id')}
          />
        </Field>
        <Field
          label="Rate limit (requests per second)"
          id={id('rate_limit_per_second')}
          error={fieldErrors.rate_limit_per_second}
          hint="How fast this tenant may call Sedna, across all workers."
        >
          <input
            id={id('rate_limit_per_second')}
            className={inputClass}
            {...invalidProps(id('rate_limit_per_second'), fieldErrors.rate_limit_per_second, true)}
            type="number"
            min={1}
            max={1000}
            value={values.rate_limit_per_second}
            onChange={set('rate_limit_per_second')}
          />
        </Field>
      </div>
      {error && <ErrorAlert title="Not saved" message={error} />}
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <div className="flex flex-wrap items-center justify-end gap-3">
        <p
          role="status"
          data-testid="sedna-test-outcome"
          className={`mr-auto min-w-0 text-sm break-words ${
            tested?.ok ? 'text-emerald-800' : 'text-red-800'
          }`}
        >
          {testing ? (
            <span className="text-slate-600">Testing the saved connection…</span>
          ) : (
            tested?.text
          )}
        </p>
        <button
          type="button"
          className={buttonClass.secondary}
          onClick={() => void testConnection()}
          disabled={testing || !saved}
          title={saved ? 'Logs in to Sedna with the saved settings' : 'Save the settings first'}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className={buttonClass.primary} disabled={saving}>
          {saving ? 'Saving…' : 'Save Sedna settings'}
        </button>
      </div>
    </form>
  );
}
