import { useId, useState, type FormEvent } from 'react';
import { ApiClient, ApiError, errorMessage } from '../api/client';
import { buttonClass, cardClass, inputClass, labelClass } from '../lib/ui';
import { ErrorAlert } from './Feedback';

interface Props {
  onSignIn: (token: string) => void;
  /** Why the user is here again (an expired or rejected token). */
  reason: string | null;
}

/** Sign-in by pasting the JWT the platform issued; it is checked with one API call. */
export function TokenForm({ onSignIn, reason }: Props) {
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = token.trim().replace(/^Bearer\s+/i, '');
    setChecking(true);
    setError(null);
    try {
      await new ApiClient(candidate).get('/api/sync/history?limit=1');
      onSignIn(candidate);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? `Token rejected: ${err.detail}`
          : errorMessage(err),
      );
    } finally {
      setChecking(false);
    }
  };

  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16">
      <form className={`${cardClass} space-y-4 p-6`} onSubmit={(event) => void submit(event)}>
        <div>
          <h1 className="text-2xl font-semibold">Sign in to Sedna Sync</h1>
          <p className="mt-1 text-sm text-slate-600">
            Paste the API token (JWT) issued for your tenant. It stays in this browser tab only.
          </p>
        </div>
        {reason && !error && <ErrorAlert title="Signed out" message={reason} />}
        <div>
          <label htmlFor={fieldId} className={labelClass}>
            API token
          </label>
          <textarea
            id={fieldId}
            className={`${inputClass} mt-1 h-28 font-mono text-xs`}
            required
            spellCheck={false}
            autoComplete="off"
            placeholder="eyJhbGciOiJIUzI1NiIs…"
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        </div>
        {error && <ErrorAlert title="Could not sign in" message={error} />}
        <button
          type="submit"
          className={`${buttonClass.primary} w-full`}
          disabled={checking || !token.trim()}
        >
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
