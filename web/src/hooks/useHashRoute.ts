import { useEffect, useState } from 'react';

export type PageName = 'processing' | 'history' | 'runs' | 'drift' | 'schedules' | 'settings';

export interface Route {
  page: PageName;
  /** `#/history/<sync id>` opens that run's result over the history page; `#/runs/<sync id>` is the run's own page. */
  syncId: string | null;
  /** `#/drift/<check id>`: one drift check, its differences and their re-sync. */
  checkId: string | null;
}

const PAGES: readonly PageName[] = [
  'processing',
  'history',
  'runs',
  'drift',
  'schedules',
  'settings',
];

export function parseHash(hash: string): Route {
  const [name, syncId] = hash.replace(/^#\/?/, '').split('/');
  const found = PAGES.find((p) => p === name);
  // A run page needs its run; `#/runs` alone is the history.
  const page = found === 'runs' && !syncId ? 'history' : (found ?? 'processing');
  const withRun = page === 'history' || page === 'runs';
  const id = syncId ? decodeURIComponent(syncId) : null;
  return { page, syncId: withRun ? id : null, checkId: page === 'drift' ? id : null };
}

/** A page's address; `id` names its run (history, runs) or drift check (drift). */
export function hrefFor(page: PageName, id?: string): string {
  return id ? `#/${page}/${encodeURIComponent(id)}` : `#/${page}`;
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
