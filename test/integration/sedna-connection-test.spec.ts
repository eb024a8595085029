/**
 * SPEC §10 over HTTP: `POST /api/settings/sedna/test` logs in and lists the hotels through the
 * tenant's request pacer, and answers `{ok: true, latency_ms, hotels}` or `{ok: false, detail}`.
 */
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOTELS } from '../../sedna-sim/reference-data';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { createTenant, simGet, simPost, Tenant } from '../support/sync-fixtures';
import { makeToken } from '../support/tokens';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TEST = '/api/settings/sedna/test';

describe('Sedna connection test (POST /api/settings/sedna/test)', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let tenant: Tenant;
  /** Answers every request with a non-Sedna page carrying a marker that must never leak. */
  let impostor: Server;
  let impostorUrl: string;

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    api = await startApi();
    tenant = await createTenant(api.url, sim);
    impostor = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>internal-admin-banner db=10.0.0.7</html>');
    });
    impostor.listen(0, '127.0.0.1');
    await once(impostor, 'listening');
    impostorUrl = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    impostor?.close();
    await api?.close();
    await sim?.close();
  });

  const test = (token: string) => call(api.url, 'POST', TEST, { token });
  const demoCalls = async () => {
    const { byAction } = (await simGet(sim, 'stats')).agencies.demo;
    return { login: byAction.login ?? 0, lookup: byAction.lookup ?? 0 };
  };
  const saveSettings = (token: string, apiUrl: string, password = 'demo-pass') =>
    call(api.url, 'PUT', '/api/settings/sedna', {
      token,
      body: {
        api_url: apiUrl,
        username: 'demo',
        password,
        operator_id: 571,
        operator_code: '7STAR',
      },
    });

  it('logs in afresh and counts the hotels Sedna lists, both requests claimed from the pacer', async () => {
    const before = await demoCalls();
    const res = await test(tenant.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      latency_ms: expect.any(Number),
      hotels: HOTELS.filter((h) => h.IsActive).length,
    });
    expect(res.body.latency_ms).toBeGreaterThanOrEqual(0);
    expect(await demoCalls()).toEqual({ login: before.login + 1, lookup: before.lookup + 1 });
    const [slots] = await queryDb<Json>(
      'SELECT cardinality(latest_arrivals) AS sends FROM sedna_request_slots WHERE tenant_id = $1',
      [tenant.id],
    );
    expect(slots.sends).toBe(2);

    // A second test logs in again (it tests the credentials, not a kept session).
    const again = await test(tenant.token);
    expect(again.body.ok).toBe(true);
    expect(await demoCalls()).toEqual({ login: before.login + 2, lookup: before.lookup + 2 });
  });

  it('caches the hotel list it read: the next hotel mapping calls no Sedna', async () => {
    const [row] = await queryDb<Json>(
      `SELECT jsonb_array_length(data) AS n FROM sedna_reference_cache WHERE tenant_id = $1 AND kind = 'hotels'`,
      [tenant.id],
    );
    expect(row.n).toBe(HOTELS.filter((h) => h.IsActive).length);
    const before = await demoCalls();
    const mapped = await call(api.url, 'POST', '/api/hotel-mappings', {
      token: tenant.token,
      body: { hotel_name: 'Cached Check Hotel', sedna_hotel_id: 31 },
    });
    expect(mapped.status).toBe(201);
    expect(await demoCalls()).toEqual(before);
  });

  it("answers ok: false with Sedna's own words when the login is refused", async () => {
    const t = makeToken(`conn-badpw-${Date.now().toString(36)}`);
    expect((await saveSettings(t, sim.url, 'wrong-password')).status).toBe(200);
    const res = await test(t);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      detail: 'AgencyLogin: Sedna error 1: Invalid username or password',
    });
  });

  it('answers ok: false when Sedna rate-limits the test', async () => {
    await simPost(sim, 'faults', { rules: [{ action: 'login', kind: 'http429', times: 1 }] });
    try {
      const res = await test(tenant.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: false,
        detail: 'AgencyLogin: rate limited by Sedna (HTTP 429)',
      });
    } finally {
      await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
    }
  });

  it('answers ok: false when Sedna is unreachable, naming no host or port', async () => {
    const t = makeToken(`conn-down-${Date.now().toString(36)}`);
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    expect((await saveSettings(t, `http://127.0.0.1:${port}`)).status).toBe(200);
    const res = await test(t);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: false, detail: 'AgencyLogin: Sedna is unreachable' });
    expect(res.text).not.toContain(String(port));
  });

  it('never passes on the text of an answer that is not from Sedna', async () => {
    const t = makeToken(`conn-impostor-${Date.now().toString(36)}`);
    expect((await saveSettings(t, impostorUrl)).status).toBe(200);
    const res = await test(t);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.detail).toBe(
      'AgencyLogin: Sedna answered with something that is not a Sedna response (HTTP 200)',
    );
    expect(res.text).not.toMatch(/internal-admin-banner|10\.0\.0\.7|html/);
  });

  it('is a 409 naming the missing settings when none are saved', async () => {
    const res = await test(makeToken(`conn-none-${Date.now().toString(36)}`));
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/^Sedna settings are not configured/);
    expect(res.body.detail).toContain('PUT /api/settings/sedna');
  });

  describe('GET /api/settings/sedna/hotels', () => {
    const hotels = (token: string, query: Record<string, string> = {}) =>
      call(api.url, 'GET', `/api/settings/sedna/hotels?${new URLSearchParams(query)}`, { token });

    it('lists the active hotels by name, matched in part, without case or noise words, or by id', async () => {
      const res = await hotels(tenant.token, { search: 'PARADISE' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          { id: 31, name: 'Grand Paradise Resort' },
          { id: 245, name: 'Oludeniz Paradise Hotel' },
        ],
        total: 2,
        limit: 20,
      });
      expect((await hotels(tenant.token, { search: 'отель кемер' })).body.items).toEqual([
        { id: 318, name: 'Гранд Отель Кемер' },
      ]);
      expect((await hotels(tenant.token, { search: '47' })).body.items).toEqual([
        { id: 47, name: 'Sunrise Beach Hotel' },
      ]);
      // An inactive hotel is never offered (Side Old Garden Hotel, 296).
      const side = (await hotels(tenant.token, { search: 'side' })).body.items;
      expect(side.map((h: Json) => h.id)).toEqual([177, 203, 104]);
    });

    it('pages by limit and counts every match', async () => {
      const all = await hotels(tenant.token, { limit: '3' });
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(3);
      expect(all.body.total).toBe(HOTELS.filter((h) => h.IsActive).length);
      const names = all.body.items.map((h: Json) => h.name);
      expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
    });

    it('is a 400 naming the bad parameter', async () => {
      const res = await hotels(tenant.token, { limit: '0' });
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('limit: must be an integer from 1 to 50');
      const long = await hotels(tenant.token, { search: 'x'.repeat(201) });
      expect(long.status).toBe(400);
      expect(long.body.detail).toMatch(/^search: /);
    });

    it('is a 409 when no Sedna settings are saved', async () => {
      const res = await hotels(makeToken(`hotels-none-${Date.now().toString(36)}`));
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(
        /^Sedna settings are not configured, so the hotels cannot be listed/,
      );
    });
  });

  it('is a 401 without a token', async () => {
    const res = await call(api.url, 'POST', TEST);
    expect(res.status).toBe(401);
  });
});
