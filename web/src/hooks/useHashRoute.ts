import { useEffect, useState } from 'react';

export type PageName = 'processing' | 'history' | 'runs' | 'schedules' | 'settings';

export interface Route {
  page: PageName;
  /** `#/history/<sync id>` opens that run's result over the history page; `#/runs/<sync id>` is the run's own page. */
  syncId: string | null;
}

const PAGES: readonly PageName[] = ['processing', 'history', 'runs', 'schedules', 'settings'];

export function parseHash(hash: string): Route {
  const [name, syncId] = hash.replace(/^#\/?/, '').split('/');
  const found = PAGES.find((p) => p === name);
  // A run page needs its run; `#/runs` alone is the history.
  const page = found === 'runs' && !syncId ? 'history' : (found ?? 'processing');
  const withRun = page === 'history' || page === 'runs';
  return { page, syncId: withRun && syncId ? decodeURIComponent(syncId) : null };
}

export function hrefFor(page: PageName, syncId?: string): string {
  return syncId ? `#/${page}/${encodeURIComponent(syncId)}` : `#/${page}`;
}

/** Hash routes: the API serves one static index.html, so no server-side routing is needed. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
