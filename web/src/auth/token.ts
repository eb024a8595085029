/**
 * The user's JWT lives in session storage: gone when the last tab holding it closes, never in a
 * cookie, never in local storage (which would keep it on disk across browser restarts). A new tab
 * of the dashboard asks the open ones for it over a BroadcastChannel (same origin only), and
 * signing out in one tab signs out all of them.
 */
const TOKEN_KEY = 'sedna-sync.token';
const CHANNEL = 'sedna-sync.auth';
/** How long a new tab waits for an open one to hand it the token before asking the user. */
export const ASK_TABS_MS = 300;

type AuthMessage =
  | { type: 'ask' }
  | { type: 'token'; token: string }
  | { type: 'signed-out'; reason: string | null };

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
}

/**
 * This tab's part in the handshake: hands its token to a tab that asks, tells the others when it
 * signs in or out, and hears them. `current` reads this tab's token at the time of asking.
 */
export function joinTabs(handlers: {
  current: () => string | null;
  /** Another tab signed in (or answered): used only by a tab that has no token. */
  onToken: (token: string) => void;
  onSignedOut: (reason: string | null) => void;
}) {
  const channel = openChannel();
  if (channel) {
    channel.onmessage = (event: MessageEvent<AuthMessage>) => {
      const message = event.data;
      if (message.type === 'ask') {
        const token = handlers.current();
        if (token) channel.postMessage({ type: 'token', token } satisfies AuthMessage);
      } else if (message.type === 'token') {
        if (!handlers.current()) handlers.onToken(message.token);
      } else if (message.type === 'signed-out') {
        handlers.onSignedOut(message.reason);
      }
    };
  }
  return {
    /** Asks the open tabs for their token; whoever answers first (onToken) wins. */
    ask: () => channel?.postMessage({ type: 'ask' } satisfies AuthMessage),
    signedIn: (token: string) =>
      channel?.postMessage({ type: 'token', token } satisfies AuthMessage),
    signedOut: (reason: string | null) =>
      channel?.postMessage({ type: 'signed-out', reason } satisfies AuthMessage),
    close: () => channel?.close(),
  };
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
