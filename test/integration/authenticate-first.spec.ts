/**
 * Authenticate first (issue 18 §7, §8), on the real API over HTTP: a request without a valid
 * token is refused before its body is read, such requests have a small per-address budget of
 * their own, and tokens must carry a bounded `exp` and a string `tenant_id`.
 */
import { request as httpRequest } from 'node:http';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../src/config/app-config';
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';
import { makeToken, TEST_JWT_SECRET } from '../support/tokens';

const DAY = 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);
const hs256 = (payload: object) => jwt.sign(payload, TEST_JWT_SECRET, { algorithm: 'HS256' });

describe('authenticate first', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('answers invalid JSON without a token with 401, and with a token with the parser’s 400', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${api.url}/api/emails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"emails": [nope',
      });
    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const forged = await post({ authorization: `Bearer ${makeToken('af', { secret: 'other' })}` });
    expect(forged.status).toBe(401);
    const signedIn = await post({ authorization: `Bearer ${makeToken('af-tenant')}` });
    expect(signedIn.status).toBe(400);
  });

  it('answers a 4.9 MB POST without a token before its body is sent, and closes the connection', async () => {
    const total = Math.round(4.9 * 1024 * 1024);
    const first = Buffer.alloc(64 * 1024, 0x20);
    const answer = await new Promise<{ status?: number; connection?: string; sent: number }>(
      (resolve, reject) => {
        const req = httpRequest(`${api.url}/api/emails`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(total) },
        });
        let sent = 0;
        req.on('response', (res) => {
          resolve({ status: res.statusCode, connection: res.headers.connection, sent });
          res.resume();
          req.destroy();
        });
        req.on('error', reject);
        req.write('{"emails":[');
        req.write(first);
        sent += 11 + first.length;
        // The rest is never sent: a server that reads the body before authenticating would
        // wait for it and never answer (this test would then time out).
      },
    );
    expect(answer).toEqual({ status: 401, connection: 'close', sent: 11 + first.length });
    expect(answer.sent).toBeLessThan(total);
  });

  it.each([
    ['without exp', () => hs256({ tenant_id: 'af-t' }), /^Token has no valid exp claim/],
    [
      'valid until the year 3000',
      () => hs256({ tenant_id: 'af-t', exp: Date.UTC(3000, 0, 1) / 1000 }),
      /^Token lifetime exceeds JWT_MAX_TTL/,
    ],
    [
      'issued 40 days ago for 40 days and an hour',
      () => hs256({ tenant_id: 'af-t', iat: now() - 40 * DAY, exp: now() + 3600 }),
      /^Token lifetime exceeds JWT_MAX_TTL/,
    ],
    [
      'with a numeric tenant_id',
      () => hs256({ tenant_id: 42, exp: now() + 3600 }),
      /^Token has no valid tenant_id claim/,
    ],
  ])('refuses a token %s with 401', async (_what, token, detail) => {
    const res = await call(api.url, 'GET', '/api/hotel-mappings', { token: token() });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(detail);
  });

  it('accepts a token within JWT_MAX_TTL (31 days by default)', async () => {
    const token = hs256({ tenant_id: 'af-ok', iat: now(), exp: now() + 30 * DAY });
    expect((await call(api.url, 'GET', '/api/hotel-mappings', { token })).status).toBe(200);
  });
});

describe('requests without a valid token: a small budget per address', () => {
  let api: RunningApi;

  beforeAll(async () => {
    const limits = loadConfig().apiRateLimit;
    // Three at once, then one per 1000 s: the fourth is over, however slow the machine.
    api = await startApi({
      apiRateLimit: { ...limits, unauthenticated: { perSecond: 0.001, burst: 3 } },
    });
  });
  afterAll(() => api?.close());

  it('answers 401 within the budget, then 429 with Retry-After; a valid token is not charged', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(api.url, 'POST', '/api/sync/emails', {
        body: { email_ids: [1] },
        token: i % 2 ? 'not-a-jwt' : undefined,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.body.code).toBe('RATE_LIMITED');
      }
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const ok = await call(api.url, 'GET', '/api/hotel-mappings', { token: makeToken('af-ip') });
    expect(ok.status).toBe(200);
  });
});
