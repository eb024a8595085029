import { SednaSessions } from '../../src/sedna/sedna-sessions';
import type { TenantSednaCredentials } from '../../src/sedna/sedna-types';

const creds = (connection: string, settingsVersion: number): TenantSednaCredentials => ({
  apiUrl: `https://${connection}.example`,
  username: 'demo',
  password: 'pw',
  operatorId: 571,
  operatorCode: '7STAR',
  authorityId: 207,
  rateLimitPerSecond: 5,
  connection,
  settingsVersion,
});

describe('Sedna sessions are bound to the settings they logged in with', () => {
  it('keeps a session while the settings stay, and starts afresh when they change', () => {
    const sessions = new SednaSessions();
    const first = sessions.of('t1', creds('a', 1));
    first.session.cookie = 'A-cookie';
    expect(sessions.of('t1', creds('a', 1)).session.cookie).toBe('A-cookie');
    // Another Sedna, or the same one saved again (password, user): never the old cookie.
    const moved = sessions.of('t1', creds('b', 2));
    expect(moved.session.cookie).toBeUndefined();
    expect(moved.key).not.toBe(first.key);
    moved.session.cookie = 'B-cookie';
    expect(sessions.of('t1', creds('b', 3)).session.cookie).toBeUndefined();
    // Tenants are apart.
    expect(sessions.of('t2', creds('b', 2)).session.cookie).toBeUndefined();
  });

  it('does not let a call that read older settings evict the newer session', () => {
    const sessions = new SednaSessions();
    sessions.of('t1', creds('b', 5)).session.cookie = 'B-cookie';
    const stale = sessions.of('t1', creds('a', 4));
    expect(stale.session.cookie).toBeUndefined();
    expect(sessions.of('t1', creds('b', 5)).session.cookie).toBe('B-cookie');
  });
});
