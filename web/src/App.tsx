import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient } from './api/client';
import {
  ASK_TABS_MS,
  joinTabs,
  storedToken,
  storeToken,
  takeTokenFromLocation,
  tenantOf,
} from './auth/token';
import { SessionProvider, type Session } from './auth/session';
import { Loading } from './components/Feedback';
import { TokenForm } from './components/TokenForm';
import { hrefFor, useHashRoute, type PageName } from './hooks/useHashRoute';
import { forgetProgressSnapshots } from './hooks/useSyncProgress';
import { buttonClass } from './lib/ui';
import { DriftPage } from './pages/DriftPage';
import { HistoryPage } from './pages/HistoryPage';
import { ProcessingPage } from './pages/ProcessingPage';
import { RunPage } from './pages/RunPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { SettingsPage } from './pages/SettingsPage';

const NAV: { page: PageName; label: string }[] = [
  { page: 'processing', label: 'Processing' },
  { page: 'history', label: 'History' },
  { page: 'drift', label: 'Drift' },
  { page: 'schedules', label: 'Schedules' },
  { page: 'settings', label: 'Settings' },
];

function Header({
  current,
  tenantId,
  onSignOut,
}: {
  current: PageName;
  tenantId: string | null;
  onSignOut: () => void;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <p className="text-lg font-semibold text-sky-900">Sedna Sync</p>
          <nav aria-label="Main">
            <ul className="flex flex-wrap gap-1">
              {NAV.map(({ page, label }) => (
                <li key={page}>
                  <a
                    href={hrefFor(page)}
                    aria-current={page === current ? 'page' : undefined}
                    className={`rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600 ${
                      page === current
                        ? 'bg-sky-100 text-sky-900'
                        : 'text-slate-700 hover:bg-slate-100'
                    }`}
                  >
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <div className="flex items-center gap-3 text-sm">
          {tenantId && (
            <span className="text-slate-600">
              Tenant <span className="font-mono text-slate-900">{tenantId}</span>
            </span>
          )}
          <button type="button" className={buttonClass.secondary} onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}

export function App() {
  const route = useHashRoute();
  const [token, setToken] = useState(storedToken);
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);
  /** A tab opened without a token first asks the open tabs for theirs (ASK_TABS_MS at most). */
  const [asking, setAsking] = useState(() => !storedToken());
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const tabs = useRef<ReturnType<typeof joinTabs> | null>(null);

  const adopt = useCallback((next: string) => {
    storeToken(next);
    setSignedOutReason(null);
    setToken(next);
    setAsking(false);
  }, []);

  /** Signs this tab out, and the other tabs too unless they told us (`fromOtherTab`). */
  const signOutHere = useCallback((reason: string | null, fromOtherTab: boolean) => {
    storeToken(null);
    forgetProgressSnapshots();
    setToken(null);
    setSignedOutReason(reason);
    if (!fromOtherTab) tabs.current?.signedOut(reason);
  }, []);

  useEffect(() => {
    const joined = joinTabs({
      current: () => tokenRef.current,
      onToken: adopt,
      onSignedOut: (reason) => signOutHere(reason, true),
    });
    tabs.current = joined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (!tokenRef.current) {
      joined.ask();
      timer = setTimeout(() => setAsking(false), ASK_TABS_MS);
    }
    return () => {
      clearTimeout(timer);
      joined.close();
      tabs.current = null;
    };
  }, [adopt, signOutHere]);

  // A `#token=` link opened in a tab that is already on the dashboard is only a hash change.
  useEffect(() => {
    const onHashChange = () => {
      const taken = takeTokenFromLocation();
      if (taken) adopt(taken);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [adopt]);

  const signOut = useCallback(
    (reason?: string) => signOutHere(reason ?? null, false),
    [signOutHere],
  );

  const session = useMemo<Session | null>(() => {
    if (!token) return null;
    const api = new ApiClient(token, (detail) => signOut(`The API refused your token: ${detail}`));
    return { token, tenantId: tenantOf(token), api, signOut };
  }, [token, signOut]);

  if (!session) {
    if (asking) return <Loading label="Signing in…" />;
    return (
      <TokenForm
        reason={signedOutReason}
        onSignIn={(next) => {
          adopt(next);
          tabs.current?.signedIn(next);
        }}
      />
    );
  }

  return (
    <SessionProvider session={session}>
      <a
        href="#main"
        onClick={(event) => {
          // Hash routes: move focus without touching the address.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <Header
        current={route.page === 'runs' ? 'history' : route.page}
        tenantId={session.tenantId}
        onSignOut={() => signOut()}
      />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {route.page === 'processing' && <ProcessingPage />}
        {route.page === 'history' && <HistoryPage openSyncId={route.syncId} />}
        {route.page === 'runs' && route.syncId && <RunPage syncId={route.syncId} />}
        {route.page === 'drift' && <DriftPage checkId={route.checkId} />}
        {route.page === 'schedules' && <SchedulesPage />}
        {route.page === 'settings' && <SettingsPage />}
      </main>
    </SessionProvider>
  );
}
