import { randomBytes } from 'crypto';

export const SESSION_COOKIE = 'ASP.NET_SessionId';

// Dead sessions are kept a while so a 401 can still be attributed (and rate limited) per agency.
const RETAIN_DEAD_MS = 10 * 60_000;

interface Session {
  username: string;
  lastSeen: number;
  revoked: boolean;
}

export interface SessionLookup {
  username: string;
  valid: boolean;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(username: string, now: number, idleMs: number): string {
    this.sweep(now, idleMs);
    const id = randomBytes(12).toString('base64url');
    this.sessions.set(id, { username, lastSeen: now, revoked: false });
    return id;
  }

  /** Looks a cookie up and, if the session is still alive, marks it used. */
  use(id: string | undefined, now: number, idleMs: number): SessionLookup | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) return undefined;
    const valid = !session.revoked && now - session.lastSeen <= idleMs;
    if (valid) session.lastSeen = now;
    return { username: session.username, valid };
  }

  expireAll(): void {
    for (const session of this.sessions.values()) session.revoked = true;
  }

  clear(): void {
    this.sessions.clear();
  }

  private sweep(now: number, idleMs: number): void {
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen > idleMs + RETAIN_DEAD_MS) this.sessions.delete(id);
    }
  }
}
