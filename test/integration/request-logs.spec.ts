import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort, waitFor } from '../../scripts/local-stack';
import { ManagedProcess, REPO_ROOT, spawnTs } from '../../scripts/managed-process';
import { call, HttpResult } from '../support/http';
import { makeToken } from '../support/tokens';

/**
 * The API as a process of its own, its whole output captured: requests carrying a bearer token,
 * a secret in the query string, a tenant's Sedna password and a webhook secret in bodies leave
 * none of them in the log, while every line of a request carries its id.
 */
describe('request logs', () => {
  const output: string[] = [];
  let api: ManagedProcess;
  let url: string;
  const tenant = `logs-${randomUUID().slice(0, 8)}`;
  const token = makeToken(tenant);
  const QUERY_SECRET = `qsecret-${randomUUID()}`;
  const SEDNA_PASSWORD = `sedna-pw-${randomUUID()}`;
  const WEBHOOK_SECRET = `whsec-${randomUUID()}`;
  const results: HttpResult[] = [];

  beforeAll(async () => {
    const port = await freePort();
    api = spawnTs('api', join(REPO_ROOT, 'src', 'main.ts'), {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'debug' },
      onLine: (line) => output.push(line),
    });
    url = `http://127.0.0.1:${port}`;
    await waitFor('the API', async () => (await fetch(`${url}/health/live`)).ok || undefined, {
      process: api,
    });
  });

  afterAll(() => api?.stop());

  const lines = () =>
    output
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const send = async (...args: Parameters<typeof call>) => {
    const res = await call(...args);
    results.push(res);
    return res;
  };

  it('keeps a valid X-Request-Id, returns it, and puts it on the access line', async () => {
    const id = `req-${randomUUID()}`;
    const res = await send(url, 'GET', `/api/sync/history?limit=5&token=${QUERY_SECRET}`, {
      token,
      headers: { 'x-request-id': id },
    });
    expect(res.headers.get('x-request-id')).toBe(id);
    await waitFor('the access line', async () =>
      lines().find((line) => line.request_id === id && line.msg === 'request completed'),
    );
    const access = lines().find(
      (line) => line.request_id === id && line.msg === 'request completed',
    );
    expect(access).toMatchObject({
      level: res.status >= 400 ? 'warn' : 'info',
      service: 'api',
      method: 'GET',
      route: '/api/sync/history',
      status: res.status,
    });
    expect(typeof access?.duration_ms).toBe('number');
  });

  it('stores a Sedna password and a webhook secret without logging them', async () => {
    const id = `settings-${randomUUID()}`;
    const sedna = await send(url, 'PUT', '/api/settings/sedna', {
      token,
      headers: { 'x-request-id': id },
      body: {
        api_url: 'http://test.kodsedna.com/SednaAgencyb2bApi/',
        username: 'agency-user',
        password: SEDNA_PASSWORD,
        operator_id: 571,
        operator_code: '7STAR',
      },
    });
    expect(sedna.headers.get('x-request-id')).toBe(id);
    expect([sedna.status, sedna.body]).toEqual([200, expect.anything()]);
    const webhook = await send(url, 'PUT', `/api/settings/webhooks?secret=${QUERY_SECRET}`, {
      token,
      body: { url: 'https://hooks.example.com/sedna', secret: WEBHOOK_SECRET },
    });
    expect(webhook.status).toBeLessThan(300);
    await waitFor('the access line', async () =>
      lines().find((line) => line.request_id === id && line.msg === 'request completed'),
    );
  });

  it('answers errors as problem+json with the request id: refused at the door, invalid input', async () => {
    const refused = await send(url, 'GET', `/api/sync/history?access_token=${QUERY_SECRET}`, {
      headers: { 'x-request-id': 'door-1', authorization: `Bearer ${QUERY_SECRET}` },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('x-request-id')).toBe('door-1');
    const invalid = await send(url, 'GET', '/api/sync/not-a-uuid/result', {
      token,
      headers: { 'x-request-id': 'bad-id-1' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('x-request-id')).toBe('bad-id-1');
    await waitFor(
      'the access lines',
      async () =>
        ['door-1', 'bad-id-1'].every((id) =>
          lines().some((line) => line.request_id === id && line.msg === 'request completed'),
        ) || undefined,
    );
    expect(lines().find((line) => line.request_id === 'door-1')).toMatchObject({
      status: 401,
      level: 'warn',
    });
  });

  it('replaces an unsafe or oversized X-Request-Id with a fresh one', async () => {
    for (const bad of ['a'.repeat(129), 'has space', '"><script>']) {
      const res = await send(url, 'GET', '/health/live', { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(bad);
    }
    const none = await send(url, 'GET', '/health/live');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes a secret: the token, the query secret, the Sedna password, the webhook secret', async () => {
    await api.stop();
    const all = output.join('\n');
    expect(all).toContain('request completed');
    for (const secret of [token, QUERY_SECRET, SEDNA_PASSWORD, WEBHOOK_SECRET])
      expect(all).not.toContain(secret);
    for (const res of results) {
      expect(res.text).not.toContain(SEDNA_PASSWORD);
      expect(res.text).not.toContain(WEBHOOK_SECRET);
    }
  });
});
