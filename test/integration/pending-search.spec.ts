/**
 * SPEC §10 over HTTP: `GET /api/emails/pending?search=&received_from=&received_to=` — the search
 * matches subject, sender, hotel name and voucher (case-insensitive, wildcards literal); the
 * received-at bounds are inclusive and validated (400 naming the field).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { pendingSearchClauses } from '../../src/emails/emails.repository';
import { call } from '../support/http';
import { loadConfig } from '../../src/config/app-config';
import { makeToken } from '../support/tokens';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const tag = randomUUID().slice(0, 6);

function email(key: string, overrides: Record<string, unknown>) {
  return {
    message_id: `<${key}-${tag}@search.test>`,
    subject: `Mail ${key}`,
    sender: `${key}@sender.test`,
    received_at: '2026-11-01T10:00:00Z',
    email_type: 'unknown',
    ...overrides,
  };
}

const stopSale = (hotel: string) => ({
  hotel_name: hotel,
  date_from: '2027-01-05',
  date_to: '2027-01-09',
  room_types: null,
  board_types: null,
  is_close: true,
});

const reservation = (voucher: string, hotel: string) => ({
  voucher_no: voucher,
  hotel_name: hotel,
  check_in: '2027-06-10',
  check_out: '2027-06-17',
  room_type: 'DBL',
  board_type: 'AI',
  adults: 2,
  children: 0,
  amount: 100,
  currency: 'EUR',
  guests: [
    {
      title: 'Mr',
      first_name: 'Ali',
      last_name: 'Veli',
      birth_date: '1980-02-03',
      nationality: 'TR',
    },
  ],
});

/** Keys of the fixture e-mails, for asserting which ones a query lists. */
const EMAILS = [
  email('subject', { subject: 'STOP SALE Kemer Palace', received_at: '2026-10-31T23:59:59Z' }),
  email('sender', { sender: 'contracts@Kemer-Hotels.test', received_at: '2026-11-01T00:00:00Z' }),
  email('stopsale', {
    email_type: 'stopsale',
    received_at: '2026-11-01T12:00:00+03:00',
    stop_sales: [stopSale('Club Отель Кемер')],
  }),
  email('voucher', {
    email_type: 'reservation',
    received_at: '2026-11-01T23:59:59.999Z',
    reservations: [reservation(`VX-${tag}-77`, 'Sunrise Beach Hotel')],
  }),
  email('resv-hotel', {
    email_type: 'reservation',
    received_at: '2026-11-02T00:00:00Z',
    reservations: [reservation(`VY-${tag}-01`, 'Grand KEMER Resort')],
  }),
  email('wild', { subject: 'Rates 100%_off', received_at: '2026-11-03T08:00:00Z' }),
  email('plain', { subject: 'Rates 1000 off', received_at: '2026-11-03T09:00:00Z' }),
];

const KEY_OF_SUBJECT = new Map(
  EMAILS.map((e) => [e.subject, e.message_id.slice(1).split(`-${tag}@`)[0]]),
);

describe('pending list search and received-at bounds', () => {
  let api: RunningApi;
  const tenantId = `search-${tag}`;
  const token = makeToken(tenantId);

  beforeAll(async () => {
    api = await startApi();
    const res = await call(api.url, 'POST', '/api/emails', { token, body: { emails: EMAILS } });
    expect(res.status).toBe(201);
  });
  afterAll(() => api?.close());

  const keysOf = async (query: Record<string, string>) => {
    const res = await call(api.url, 'GET', `/api/emails/pending?${new URLSearchParams(query)}`, {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((e: Json) => KEY_OF_SUBJECT.get(e.subject));
  };

  it('matches subject, sender, stop-sale hotel and reservation hotel, case-insensitively, in every script', async () => {
    expect(await keysOf({ search: 'kemer' })).toEqual(['resv-hotel', 'sender', 'subject']);
    // Cyrillic letters are other letters than Latin ones, and fold case as well, whatever the
    // database's own locale (the test database's is C, which folds ASCII only).
    expect(await keysOf({ search: 'отель КЕМЕР' })).toEqual(['stopsale']);
    expect(await keysOf({ search: 'CLUB ОТЕЛЬ' })).toEqual(['stopsale']);
    expect(await keysOf({ search: '  Sunrise beach ' })).toEqual(['voucher']);
  });

  it('matches a voucher number, also in part', async () => {
    expect(await keysOf({ search: `vx-${tag}-77` })).toEqual(['voucher']);
    expect(await keysOf({ search: `${tag}-0` })).toEqual(['resv-hotel']);
  });

  it('takes % and _ literally', async () => {
    expect(await keysOf({ search: '100%_off' })).toEqual(['wild']);
    expect(await keysOf({ search: '%' })).toEqual(['wild']);
    expect(await keysOf({ search: '0_o' })).toEqual([]);
    expect(await keysOf({ search: '\\' })).toEqual([]);
  });

  it('lists everything for an empty search, and nothing for one that matches nothing', async () => {
    expect(await keysOf({ search: '' })).toHaveLength(EMAILS.length);
    expect(await keysOf({ search: 'no-such-thing-anywhere' })).toEqual([]);
  });

  it('bounds received_at inclusively: a date is a whole UTC day, a date-time is exact', async () => {
    // 12:00+03:00 is 09:00Z on 2026-11-01; 23:59:59Z on 10-31 is the day before.
    expect(await keysOf({ received_from: '2026-11-01', received_to: '2026-11-01' })).toEqual([
      'voucher',
      'stopsale',
      'sender',
    ]);
    expect(
      await keysOf({
        received_from: '2026-10-31T23:59:59Z',
        received_to: '2026-11-01T03:00:00+03:00',
      }),
    ).toEqual(['sender', 'subject']);
    expect(await keysOf({ received_from: '2026-11-03' })).toEqual(['plain', 'wild']);
    expect(await keysOf({ received_to: '2026-10-31' })).toEqual(['subject']);
    expect(
      await keysOf({ search: 'kemer', received_from: '2026-11-01', received_to: '2026-11-01' }),
    ).toEqual(['sender']);
  });

  it('keeps the page shape: total counts the matches, pages follow', async () => {
    const res = await call(api.url, 'GET', '/api/emails/pending?search=kemer&limit=2&page=2', {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(res.body.items.map((e: Json) => e.subject)).toEqual(['STOP SALE Kemer Palace']);
  });

  it.each([
    ['received_from', '2026-13-01'],
    ['received_from', '01.11.2026'],
    ['received_to', '2026-11-01T10:00:00'],
    ['received_to', 'yesterday'],
  ])('refuses %s=%s with a 400 naming the field', async (field, value) => {
    const res = await call(api.url, 'GET', `/api/emails/pending?${field}=${value}`, { token });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(
      `${field}: must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset (2026-11-01T10:00:00Z)`,
    );
  });

  it('refuses received_to before received_from, and an overlong search', async () => {
    const backwards = await call(
      api.url,
      'GET',
      '/api/emails/pending?received_from=2026-11-02&received_to=2026-11-01T23:00:00Z',
      { token },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toBe('received_to: must not be before received_from');
    const long = await call(api.url, 'GET', `/api/emails/pending?search=${'x'.repeat(201)}`, {
      token,
    });
    expect(long.status).toBe(400);
    expect(long.body.detail).toBe('search: must be at most 200 characters');
  });

  describe('GET /api/emails/pending/ids (select all matching)', () => {
    const ids = (query: Record<string, string>, as = token, at = api) =>
      call(at.url, 'GET', `/api/emails/pending/ids?${new URLSearchParams(query)}`, { token: as });

    it('gives the ids of every match under the same filters, in the list order, past one page', async () => {
      const query = { search: 'kemer', received_from: '2026-10-31' };
      const listed = await call(
        api.url,
        'GET',
        `/api/emails/pending?${new URLSearchParams({ ...query, limit: '1' })}`,
        { token },
      );
      expect(listed.body.total).toBe(3);
      const res = await ids(query);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      const all = await call(
        api.url,
        'GET',
        `/api/emails/pending?${new URLSearchParams({ ...query, limit: '50' })}`,
        { token },
      );
      expect(res.body.ids).toEqual(all.body.items.map((e: Json) => e.id));
      expect((await ids({ type: 'reservation', search: 'kemer' })).body.total).toBe(1);
      expect((await ids({ status: 'failed' })).body).toEqual({ ids: [], total: 0 });
    });

    it('refuses a bad filter naming the field, and a page parameter it does not take', async () => {
      const bad = await ids({ received_to: 'yesterday' });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toMatch(/^received_to: must be a date/);
      const paged = await ids({ page: '2' });
      expect(paged.status).toBe(400);
      expect(paged.body.detail).toBe('page: property page should not exist');
    });

    it('is a 413 saying how many match when more than one sync takes', async () => {
      const capped = await startApi({
        sync: { ...loadConfig().sync, maxEmailsPerRequest: 2 },
      });
      try {
        const res = await ids({ search: 'kemer' }, token, capped);
        expect(res.status).toBe(413);
        expect(res.body.detail).toBe(
          '3 e-mails match, at most 2 can be synced at once: narrow the search or the dates',
        );
        expect((await ids({ search: 'sunrise' }, token, capped)).body.total).toBe(1);
      } finally {
        await capped.close();
      }
    });

    it("never lists another tenant's e-mails", async () => {
      const res = await ids({ search: 'kemer' }, makeToken(`search-other-${tag}`));
      expect(res.body).toEqual({ ids: [], total: 0 });
    });
  });

  it('another tenant finds none of these', async () => {
    const res = await call(api.url, 'GET', '/api/emails/pending?search=kemer', {
      token: makeToken(`search-other-${tag}`),
    });
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });

  it('reads the e-mails through the tenant index, and every table can be (EXPLAIN, a few hundred rows)', async () => {
    const bulk = Array.from({ length: 300 }, (_, i) =>
      i % 2
        ? email(`bulk${i}`, {
            subject: `Bulk ${i}`,
            email_type: 'reservation',
            reservations: [reservation(`VB-${tag}-${i}`, `Hotel ${i % 17}`)],
          })
        : email(`bulk${i}`, {
            subject: `Bulk ${i}`,
            email_type: 'stopsale',
            stop_sales: [stopSale(`Hotel ${i % 17}`)],
          }),
    );
    const other = makeToken(`search-bulk-${tag}`);
    const res = await call(api.url, 'POST', '/api/emails', {
      token: other,
      body: { emails: bulk },
    });
    expect(res.status).toBe(201);
    await queryDb('ANALYZE emails');
    await queryDb('ANALYZE reservations');
    await queryDb('ANALYZE stop_sales');
    // The list's own conditions (EmailsService), for this small tenant beside the bulk one.
    const params: unknown[] = [tenantId];
    const where = pendingSearchClauses({ search: 'kemer' }, params);
    const sql = `EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM emails
          WHERE tenant_id = $1 AND status = 'pending' AND ${where.join(' AND ')}
          ORDER BY received_at DESC, id DESC LIMIT 50`;
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const explain = async () =>
        JSON.stringify((await client.query(sql, params)).rows[0]['QUERY PLAN']);
      // As planned: the e-mails through the tenant's status index (the subqueries may scan
      // tables of a few pages: cheaper than an index at this size).
      const chosen = await explain();
      expect(chosen).toMatch(/"Index Name":"idx_emails_tenant_status_(type|received)"/);
      // And every table can be reached through an index on the tenant: nothing needs a scan
      // of all tenants' rows once the tables are large.
      await client.query('SET enable_seqscan = off');
      const indexed = await explain();
      expect(indexed).not.toMatch(/"Node Type":"Seq Scan"/);
      expect(indexed).toMatch(/"Index Name":"idx_reservations_email[a-z_]*"/);
      expect(indexed).toMatch(/"Index Name":"idx_stop_sales_email[a-z_]*"/);
    } finally {
      await client.end();
    }
  });
});
