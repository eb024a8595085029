/**
 * SPEC §9: one tenant's load cannot stall the API for others. Limits apply before any work
 * (middleware ahead of body parsing), are shared by every API replica through PostgreSQL, and
 * list pages stay small. Speed targets live in `npm run bench` (noisy neighbour); this file
 * asserts correctness and prints the figures.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from '../../scripts/local-stack';
import { SharedRateLimiter } from '../../src/api-rate-limit/shared-rate-limiter';
import { loadConfig } from '../../src/config/app-config';
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';
import { stopSaleEmails } from '../support/sync-fixtures';
import { makeToken } from '../support/tokens';

const uid = () => randomUUID().slice(0, 8);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function importAs(api: RunningApi, token: string, emails: unknown[]) {
  const res = await call(api.url, 'POST', '/api/emails', { token, body: { emails } });
  expect(res.status).toBe(201);
  return res.body.ids as number[];
}

describe('noisy neighbour (default budget: 20/s, burst 60)', () => {
  let api: RunningApi;
  const flooder = makeToken(`noisy-${uid()}`);
  const neighbour = makeToken(`calm-${uid()}`);

  beforeAll(async () => {
    api = await startApi();
    // Heavy e-mails: 60 of 12 stop sales each, so a page would be large if it listed them all.
    for (const token of [flooder, neighbour])
      await importAs(api, token, stopSaleEmails(uid(), 60, 12));
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lists at most 50 e-mails a page, each with its first 5 items and their count', async () => {
    const page = await call(api.url, 'GET', '/api/emails/pending?limit=50', { token: neighbour });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 60, page: 1, pages: 2 });
    expect(page.body.items).toHaveLength(50);
    for (const email of page.body.items) {
      expect(email.parsed_data.item_count).toBe(12);
      expect(email.parsed_data.items).toHaveLength(5);
    }
    const ids = page.body.items[0].parsed_data.items.map(
      (item: { item_id: number }) => item.item_id,
    );
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    console.log(`pending page of 50 e-mails × 12 items: ${page.text.length} bytes`);
    // A larger page is clamped to the maximum, so one page stays this size.
    const tooBig = await call(api.url, 'GET', '/api/emails/pending?limit=51', { token: neighbour });
    expect(tooBig.status).toBe(200);
    expect(tooBig.body.limit).toBe(50);
    expect(tooBig.body.items).toHaveLength(50);
  });

  it('refuses a tenant flooding at 50 req/s with 429s while another is served', async () => {
    const limiter = api.app.get(SharedRateLimiter);
    const askedBefore = limiter.stats.asked;
    const path = '/api/emails/pending?limit=50';
    // A: 50 requests a second for 5 s on a fixed schedule (catching up when late), answers
    // read but not parsed.
    const flood: Promise<{ status: number; retryAfter: string | null; text: string }>[] = [];
    const flooding = (async () => {
      const t0 = performance.now();
      for (let i = 0; i < 250; i++) {
        const due = t0 + i * 20 - performance.now();
        if (due > 0) await sleep(due);
        flood.push(
          fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${flooder}` } }).then(
            async (res) => ({
              status: res.status,
              retryAfter: res.headers.get('retry-after'),
              text: await res.text(),
            }),
          ),
        );
      }
    })();
    // B: 50 requests meanwhile, one after another, each timed.
    await sleep(200);
    const calm: { status: number; ms: number }[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const res = await call(api.url, 'GET', path, { token: neighbour });
      calm.push({ status: res.status, ms: performance.now() - started });
      await sleep(50);
    }
    await flooding;
    const flooded = await Promise.all(flood);

    const refused = flooded.filter((res) => res.status === 429);
    const ms = calm.map((c) => c.ms);
    console.log(
      `noisy neighbour: B p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, ` +
        `max ${Math.max(...ms).toFixed(0)} ms; A ${refused.length} × 429 of ${flooded.length}; ` +
        `limiter asked PostgreSQL ${limiter.stats.asked - askedBefore} times`,
    );
    expect(calm.map((c) => c.status)).toEqual(Array(50).fill(200));
    expect(refused.length).toBeGreaterThan(0);
    expect(flooded.filter((res) => res.status !== 429).every((res) => res.status === 200)).toBe(
      true,
    );
    for (const res of refused) {
      expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(res.text).detail).toMatch(
        /^Too many requests for this tenant; retry after \d+ s$/,
      );
    }
    // Refusals mostly decided in the process: the database saw fewer asks than requests.
    expect(limiter.stats.asked - askedBefore).toBeLessThan(flooded.length + calm.length);
  });
});

describe('API replicas share one budget through PostgreSQL', () => {
  let first: RunningApi;
  let second: RunningApi;
  const budget = { perSecond: 1, burst: 10 };

  beforeAll(async () => {
    const apiRateLimit = {
      ...budget,
      workflowStarts: { perSecond: 1, burst: 2 },
      unauthenticated: loadConfig().apiRateLimit.unauthenticated,
    };
    [first, second] = await Promise.all([startApi({ apiRateLimit }), startApi({ apiRateLimit })]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('a tenant that spent its burst on one API is refused by the other', async () => {
    const token = makeToken(`replicas-${uid()}`);
    const get = (api: RunningApi) => call(api.url, 'GET', '/api/hotel-mappings', { token });
    const started = performance.now();
    const onFirst: number[] = [];
    for (let i = 0; i < 10; i++) onFirst.push((await get(first)).status);
    const onSecond = (await Promise.all(Array.from({ length: 10 }, () => get(second)))).map(
      (res) => res.status,
    );
    const seconds = (performance.now() - started) / 1000;

    expect(onFirst).toEqual(Array(10).fill(200));
    // Only what refilled meanwhile (1/s); with a budget per process it would be all 10.
    const servedBySecond = onSecond.filter((status) => status === 200).length;
    expect(servedBySecond).toBeLessThanOrEqual(Math.ceil(budget.perSecond * seconds));
    expect(onSecond.filter((status) => status === 429).length).toBe(10 - servedBySecond);
  });

  it('the stricter workflow-start budget is shared too', async () => {
    const token = makeToken(`replica-starts-${uid()}`);
    const start = (api: RunningApi) =>
      call(api.url, 'POST', '/api/sync/emails', { token, body: { email_ids: [] } });
    const started = performance.now();
    const statuses = [(await start(first)).status, (await start(first)).status];
    const later = await Promise.all([start(second), start(second), start(second)]);
    const seconds = (performance.now() - started) / 1000;
    expect(statuses).toEqual([400, 400]);
    const validated = later.filter((res) => res.status === 400).length;
    expect(validated).toBeLessThanOrEqual(Math.ceil(seconds));
    expect(later.filter((res) => res.status === 429).length).toBe(3 - validated);
  });

  it('refuses before the body is read: an over-budget import is a 429, not a 413', async () => {
    const token = makeToken(`door-${uid()}`);
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => call(first.url, 'GET', '/api/hotel-mappings', { token })),
    );
    expect(burst.some((res) => res.status === 429)).toBe(true);
    // 6 MB is over the body limit: had it been parsed, the answer would be 413.
    const huge = JSON.stringify({ emails: [], padding: 'x'.repeat(6 * 1024 * 1024) });
    const res = await call(first.url, 'POST', '/api/emails', { token, body: huge });
    expect(res.status).toBe(429);
  });
});
