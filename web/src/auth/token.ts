/** The user's JWT lives in session storage: gone when the tab closes, never in a cookie. */
const TOKEN_KEY = 'sedna-sync.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * `/#token=…` (what `npm run dev` can print) signs in and is wiped from the address bar and
 * history at once. A fragment is never sent to a server.
 */
export function takeTokenFromLocation(): string | null {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return null;
  const token = decodeURIComponent(match[1]);
  storeToken(token);
  window.history.replaceState(null, '', `${window.location.pathname}#/processing`);
  return token;
}

/** The tenant named in the token, for display only: the server verifies the signature. */
export function tenantOf(token: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const tenant = (JSON.parse(json) as { tenant_id?: unknown }).tenant_id;
    return typeof tenant === 'string' || typeof tenant === 'number' ? String(tenant) : null;
  } catch {
    return null;
  }
}
