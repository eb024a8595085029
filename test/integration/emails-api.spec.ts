import { randomUUID } from 'node:crypto';
import { startApi, RunningApi } from '../support/api';
import { countRows, queryDb } from '../support/db';
import { call } from '../support/http';
import { makeToken } from '../support/tokens';
import { problem } from '../support/problem';

const newTenant = () => `emails-${randomUUID().slice(0, 8)}`;
const uid = () => randomUUID().slice(0, 8);

function stopSaleEmail(overrides: Record<string, unknown> = {}) {
  return {
    message_id: `<ss-${uid()}@mail.test>`,
    subject: 'STOP SALE - Mandarin resort',
    sender: 'contracting@mandarin.test',
    received_at: '2025-04-10T09:30:00Z',
    email_type: 'stopsale',
    stop_sales: [
      {
        hotel_name: 'Mandarin Resort',
        date_from: '2025-04-13',
        date_to: '2025-04-18',
        room_types: null,
        board_types: null,
        is_close: true,
      },
    ],
    ...overrides,
  };
}

function reservationEmail(overrides: Record<string, unknown> = {}) {
  return {
    message_id: `<res-${uid()}@mail.test>`,
    subject: 'New booking JUN2024001',
    sender: 'booking@partner.test',
    received_at: '2025-01-02T08:00:00+03:00',
    email_type: 'reservation',
    reservations: [reservation()],
    ...overrides,
  };
}

function reservation(overrides: Record<string, unknown> = {}) {
  return {
    voucher_no: `V-${uid()}`,
    hotel_name: 'Grand Paradise Resort',
    check_in: '2025-01-15',
    check_out: '2025-01-22',
    room_type: 'dbl',
    board_type: 'ai',
    adults: 2,
    children: 1,
    amount: 1234.56,
    currency: 'eur',
    guests: [
      {
        title: 'Mr',
        first_name: 'Ahmet',
        last_name: 'Yilmaz',
        birth_date: '1980-05-01',
        nationality: 'TR',
      },
      {
        title: 'Chd',
        first_name: 'Can',
        last_name: 'Yilmaz',
        birth_date: '2018-03-09',
        nationality: 'TR',
      },
    ],
    ...overrides,
  };
}

describe('e-mails API', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const post = (token: string, body: unknown) =>
    call(api.url, 'POST', '/api/emails', { token, body });
  const get = (token: string, path: string) => call(api.url, 'GET', path, { token });

  describe('import and pending list', () => {
    const tenant = newTenant();
    const token = makeToken(tenant);
    const stopSale = stopSaleEmail({
      received_at: '2025-04-10T09:30:00Z',
      stop_sales: [
        {
          hotel_name: 'Grand Resort Antalya',
          date_from: '2025-05-01',
          date_to: '2025-05-15',
          room_types: ['dbl', 'TRP', 'fam', 'DBL'],
          board_types: [],
          is_close: true,
          reason: 'Renovation',
        },
        {
          hotel_name: 'Grand Resort Antalya',
          date_from: '2025-06-01',
          date_to: '2025-06-01',
          room_types: null,
          board_types: ['AI'],
          is_close: false,
        },
      ],
    });
    const booking = reservationEmail({ received_at: '2025-04-11T10:00:00Z' });
    const unknown = {
      message_id: `<unk-${uid()}@mail.test>`,
      subject: 'Newsletter',
      sender: 'news@partner.test',
      received_at: '2025-04-09T07:00:00Z',
      email_type: 'unknown',
    };
    let ids: number[];

    beforeAll(async () => {
      const res = await post(token, { emails: [stopSale, booking, unknown] });
      expect(res.status).toBe(201);
      ids = res.body.ids;
    });

    it('stores every e-mail with its rows and answers created, duplicates and ids', async () => {
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
      expect(await countRows(tenant)).toEqual({ emails: 3, reservations: 1, stop_sales: 2 });
    });

    it('lists pending e-mails newest first with their parsed data', async () => {
      const res = await get(token, '/api/emails/pending');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pages: 1 });
      expect(res.body.items.map((e: { id: number }) => e.id)).toEqual([ids[1], ids[0], ids[2]]);

      const [reservationItem, stopSaleItem, unknownItem] = res.body.items;
      expect(reservationItem).toEqual({
        id: ids[1],
        subject: booking.subject,
        sender: booking.sender,
        email_type: 'reservation',
        status: 'pending',
        received_at: '2025-04-11T10:00:00.000Z',
        parsed_data: {
          voucher_no: booking.reservations[0].voucher_no,
          hotel_name: 'Grand Paradise Resort',
          check_in: '2025-01-15',
          check_out: '2025-01-22',
          room_type: 'DBL',
          board_type: 'AI',
          item_count: 1,
          items: [
            expect.objectContaining({
              type: 'reservation',
              item_id: expect.any(Number),
              voucher_no: booking.reservations[0].voucher_no,
              status: 'pending',
              sedna_synced: false,
              sedna_id: null,
              sedna_rec_id: null,
            }),
          ],
        },
      });
      expect(stopSaleItem.parsed_data).toMatchObject({
        hotel_name: 'Grand Resort Antalya',
        date_from: '2025-05-01',
        date_to: '2025-05-15',
        room_types: ['DBL', 'TRP', 'FAM'],
        item_count: 2,
      });
      expect(stopSaleItem.parsed_data.items).toEqual([
        expect.objectContaining({
          type: 'stop_sale',
          room_types: ['DBL', 'TRP', 'FAM'],
          board_types: null,
          is_close: true,
          sedna_synced: false,
          sedna_id: null,
          sedna_rec_id: null,
        }),
        expect.objectContaining({
          type: 'stop_sale',
          room_types: null,
          board_types: ['AI'],
          is_close: false,
        }),
      ]);
      expect(unknownItem.parsed_data).toEqual({ items: [], item_count: 0 });
    });

    it('filters by type and pages', async () => {
      const stopSales = await get(token, '/api/emails/pending?type=stopsale');
      expect(stopSales.body.items.map((e: { id: number }) => e.id)).toEqual([ids[0]]);

      const first = await get(token, '/api/emails/pending?limit=2');
      expect(first.body).toMatchObject({ total: 3, page: 1, pages: 2 });
      expect(first.body.items).toHaveLength(2);
      const second = await get(token, '/api/emails/pending?limit=2&page=2');
      expect(second.body).toMatchObject({ total: 3, page: 2, pages: 2 });
      expect(second.body.items.map((e: { id: number }) => e.id)).toEqual([ids[2]]);
      const beyond = await get(token, '/api/emails/pending?limit=2&page=9');
      expect(beyond.body).toMatchObject({ items: [], total: 3, page: 9, pages: 2, limit: 2 });
    });

    // docs/API_CHANGELOG.md 1.1.0: a client that asked for more than the maximum (100 was
    // answered before the maximum of 50) gets a page again, and is told the size used.
    it.each(['limit=100', 'limit=51', 'limit=100000'])(
      'clamps %s to the maximum page size and says so',
      async (query) => {
        const res = await get(token, `/api/emails/pending?${query}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ total: 3, page: 1, pages: 1, limit: 50 });
        expect(res.body.items).toHaveLength(3);
      },
    );

    it('lists only pending e-mails unless a status is asked for', async () => {
      await queryDb(`UPDATE emails SET status = 'processed' WHERE id = $1`, [ids[2]]);
      const pending = await get(token, '/api/emails/pending');
      expect(pending.body.items.map((e: { id: number }) => e.id)).toEqual([ids[1], ids[0]]);
      const processed = await get(token, '/api/emails/pending?status=processed');
      expect(processed.body.items.map((e: { id: number }) => e.id)).toEqual([ids[2]]);
      const failed = await get(token, '/api/emails/pending?status=failed&type=reservation');
      expect(failed.body).toEqual({ items: [], total: 0, page: 1, pages: 0, limit: 50 });
    });

    it.each([
      ['type=newsletter', 'type: must be one of reservation, stopsale, unknown'],
      ['status=done', 'status: must be one of pending, processed, failed'],
      ['page=0', 'page: must be an integer'],
      ['page=abc', 'page: must be an integer'],
      ['limit=0', 'limit: must be an integer from 1 to 50'],
      ['limit=2.5', 'limit: must be an integer from 1 to 50'],
      ['limit=abc', 'limit: must be an integer from 1 to 50'],
      ['sort=id', 'sort'],
    ])('rejects the bad query %s naming the parameter', async (query, detail) => {
      const res = await get(token, `/api/emails/pending?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
    });

    it('returns one e-mail with all its rows', async () => {
      const res = await get(token, `/api/emails/${ids[1]}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: ids[1],
        message_id: booking.message_id,
        email_type: 'reservation',
        stop_sales: [],
        reservations: [
          {
            voucher_no: booking.reservations[0].voucher_no,
            room_type: 'DBL',
            board_type: 'AI',
            adults: 2,
            children: 1,
            amount: 1234.56,
            currency: 'EUR',
            guests: [
              {
                title: 'Mr',
                first_name: 'Ahmet',
                last_name: 'Yilmaz',
                birth_date: '1980-05-01',
                nationality: 'TR',
                passport_no: null,
              },
              expect.objectContaining({ title: 'Chd', first_name: 'Can' }),
            ],
            sedna_synced: false,
          },
        ],
      });
      const stopSaleDetail = await get(token, `/api/emails/${ids[0]}`);
      expect(stopSaleDetail.body.stop_sales).toEqual([
        expect.objectContaining({ reason: 'Renovation', room_types: ['DBL', 'TRP', 'FAM'] }),
        expect.objectContaining({ reason: null, date_from: '2025-06-01', date_to: '2025-06-01' }),
      ]);
    });

    it('answers 404 for an unknown e-mail and 400 for a malformed id', async () => {
      expect((await get(token, '/api/emails/2147483647')).status).toBe(404);
      for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
        const res = await get(token, `/api/emails/${id}`);
        expect(res.status).toBe(400);
        expect(res.body.detail).toBe('id: must be a positive integer');
      }
    });

    it('never shows one tenant another tenant’s e-mails', async () => {
      const other = makeToken(newTenant());
      const list = await get(other, '/api/emails/pending');
      expect(list.body).toEqual({ items: [], total: 0, page: 1, pages: 0, limit: 50 });
      const one = await get(other, `/api/emails/${ids[1]}`);
      expect(one.status).toBe(404);
      expect(one.body.detail).toBe(`E-mail ${ids[1]} not found`);
    });
  });

  describe('idempotency', () => {
    it('counts a re-imported message id as a duplicate and stores nothing again', async () => {
      const tenant = newTenant();
      const token = makeToken(tenant);
      const emails = [stopSaleEmail(), reservationEmail()];
      const first = await post(token, { emails });
      expect(first.body).toMatchObject({ created: 2, duplicates: 0 });

      const again = await post(token, { emails: [emails[1], reservationEmail(), emails[0]] });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ created: 1, duplicates: 2 });
      expect(again.body.ids[0]).toBe(first.body.ids[1]);
      expect(again.body.ids[2]).toBe(first.body.ids[0]);
      expect(await countRows(tenant)).toEqual({ emails: 3, reservations: 2, stop_sales: 1 });
    });

    it('treats a message id repeated inside one request as a duplicate of its first copy', async () => {
      const tenant = newTenant();
      const email = stopSaleEmail();
      const res = await post(makeToken(tenant), { emails: [email, email] });
      expect(res.body).toEqual({
        created: 1,
        duplicates: 1,
        ids: [res.body.ids[0], res.body.ids[0]],
      });
      expect(await countRows(tenant)).toEqual({ emails: 1, reservations: 0, stop_sales: 1 });
    });

    it('stores concurrent identical imports once', async () => {
      const tenant = newTenant();
      const token = makeToken(tenant);
      const body = { emails: [stopSaleEmail(), reservationEmail(), reservationEmail()] };
      const results = await Promise.all(Array.from({ length: 6 }, () => post(token, body)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(results.reduce((sum, r) => sum + r.body.created, 0)).toBe(3);
      for (const r of results) expect(r.body.ids).toEqual(results[0].body.ids);
      expect(await countRows(tenant)).toEqual({ emails: 3, reservations: 2, stop_sales: 1 });
    });

    it('stores a voucher once when concurrent imports of different messages carry it', async () => {
      const tenant = newTenant();
      const token = makeToken(tenant);
      const voucher = `RACE-${uid()}`;
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          post(token, {
            emails: [reservationEmail({ reservations: [reservation({ voucher_no: voucher })] })],
          }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 400, 400, 400, 400, 400]);
      for (const r of results.filter((r) => r.status === 400)) {
        expect(r.body.detail).toContain(`emails[0].reservations[0].voucher_no: voucher ${voucher}`);
      }
      expect(await countRows(tenant)).toEqual({ emails: 1, reservations: 1, stop_sales: 0 });
    });

    it('keeps message ids and vouchers apart between tenants', async () => {
      const email = reservationEmail();
      const a = await post(makeToken(newTenant()), { emails: [email] });
      const b = await post(makeToken(newTenant()), { emails: [email] });
      expect([a.body.created, b.body.created]).toEqual([1, 1]);
      expect(a.body.ids[0]).not.toBe(b.body.ids[0]);
    });
  });

  describe('bad input', () => {
    const tenant = newTenant();
    const token = makeToken(tenant);

    afterEach(async () => {
      expect(await countRows(tenant)).toEqual({ emails: 0, reservations: 0, stop_sales: 0 });
    });

    /** A valid e-mail first, then the bad one: proves all-or-nothing. */
    async function rejects(bad: unknown, detail: string) {
      const res = await post(token, { emails: [stopSaleEmail(), bad] });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: expect.stringMatching(/^urn:sedna-sync:problem:/),
        title: expect.any(String),
        status: 400,
        detail: expect.any(String),
        code: expect.any(String),
        errors: expect.arrayContaining([
          { field: expect.any(String), code: expect.any(String), message: expect.any(String) },
        ]),
      });
      expect(res.body.detail).toContain(detail);
    }

    const badReservation = (fields: Record<string, unknown>) =>
      reservationEmail({ reservations: [reservation(fields)] });
    const badStopSale = (fields: Record<string, unknown>) =>
      stopSaleEmail({ stop_sales: [{ ...stopSaleEmail().stop_sales[0], ...fields }] });

    it.each([
      [
        'a missing voucher',
        badReservation({ voucher_no: undefined }),
        'emails[1].reservations[0].voucher_no: must be a string',
      ],
      [
        'a blank hotel',
        badReservation({ hotel_name: '  ' }),
        'emails[1].reservations[0].hotel_name: must not be empty',
      ],
      [
        'a missing subject',
        reservationEmail({ subject: undefined }),
        'emails[1].subject: must be a string',
      ],
      [
        'an unknown email_type',
        reservationEmail({ email_type: 'newsletter' }),
        'emails[1].email_type: must be one of reservation, stopsale, unknown',
      ],
      [
        'a day that does not exist',
        badStopSale({ date_from: '2025-02-30' }),
        'emails[1].stop_sales[0].date_from: must be a real calendar date YYYY-MM-DD',
      ],
      [
        'a non-ISO date',
        badReservation({ check_in: '15.01.2025' }),
        'emails[1].reservations[0].check_in: must be a real calendar date',
      ],
      [
        'date_to before date_from',
        badStopSale({ date_from: '2025-04-18', date_to: '2025-04-13' }),
        'emails[1].stop_sales[0].date_to: must not be before date_from',
      ],
      [
        'check_out on check_in',
        badReservation({ check_out: '2025-01-15' }),
        'emails[1].reservations[0].check_out: must be after check_in',
      ],
      [
        'received_at without a zone',
        reservationEmail({ received_at: '2025-01-02T08:00:00' }),
        'emails[1].received_at: must be an ISO 8601 date-time with a time zone',
      ],
      [
        'adults as a string',
        badReservation({ adults: '2' }),
        'emails[1].reservations[0].adults: must be an integer from 1 to 20',
      ],
      [
        'no adults',
        badReservation({ adults: 0 }),
        'emails[1].reservations[0].adults: must be an integer from 1 to 20',
      ],
      [
        'too many children',
        badReservation({ children: 21 }),
        'emails[1].reservations[0].children: must be an integer from 0 to 20',
      ],
      [
        'an amount with 3 decimals',
        badReservation({ amount: 1.234 }),
        'emails[1].reservations[0].amount: must be a number from 0',
      ],
      [
        'a bad currency',
        badReservation({ currency: 'EURO' }),
        'emails[1].reservations[0].currency: must be a 3-letter currency code',
      ],
      [
        'a bad room code',
        badReservation({ room_type: 'DBL SV' }),
        'emails[1].reservations[0].room_type: must be a code of 1-16 letters or digits',
      ],
      [
        'a bad code in a list',
        badStopSale({ room_types: ['DBL', 'x-y'] }),
        'emails[1].stop_sales[0].room_types: must be null or a list',
      ],
      [
        'is_close as a string',
        badStopSale({ is_close: 'yes' }),
        'emails[1].stop_sales[0].is_close: must be true or false',
      ],
      [
        'a bad guest title',
        badReservation({ guests: [{ title: 'Dr', first_name: 'A', last_name: 'B' }] }),
        'emails[1].reservations[0].guests[0].title: must be one of Mr, Mrs, Ms, Chd, Inf, Grp',
      ],
      [
        'no guests',
        badReservation({ guests: [] }),
        'emails[1].reservations[0].guests: must hold 1 to 40 guests',
      ],
      [
        'a stop sale in a reservation e-mail',
        reservationEmail({ stop_sales: stopSaleEmail().stop_sales }),
        'emails[1].stop_sales: only allowed in an e-mail whose email_type is stopsale',
      ],
      [
        'a reservation in an unknown e-mail',
        reservationEmail({ email_type: 'unknown' }),
        'emails[1].reservations: only allowed in an e-mail whose email_type is reservation',
      ],
      [
        'an unexpected field',
        reservationEmail({ priority: 'high' }),
        'emails[1].priority: property priority should not exist',
      ],
      [
        'an over-long subject',
        reservationEmail({ subject: 'x'.repeat(1001) }),
        'emails[1].subject: must be at most 1000 characters',
      ],
      [
        'a NUL character',
        reservationEmail({ sender: 'a\u0000b' }),
        'emails[1].sender: must not contain NUL characters',
      ],
      [
        'too many items',
        stopSaleEmail({ stop_sales: Array(51).fill(stopSaleEmail().stop_sales[0]) }),
        'emails[1].stop_sales: must hold 0 to 50 stop sales, not 51',
      ],
      ['an e-mail that is not an object', 42, 'emails[1]'],
    ])('rejects %s', async (_name, bad, detail) => {
      await rejects(bad, detail);
    });

    it('names every bad field at once', async () => {
      const res = await post(token, {
        emails: [
          badStopSale({ date_to: '2025-13-01' }),
          badReservation({ adults: 99, currency: 1 }),
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('emails[0].stop_sales[0].date_to');
      expect(res.body.detail).toContain('emails[1].reservations[0].adults');
      expect(res.body.detail).toContain('emails[1].reservations[0].currency');
    });

    it('rejects a voucher repeated inside the request', async () => {
      const voucher = `DUP-${uid()}`;
      const res = await post(token, {
        emails: [
          reservationEmail({ reservations: [reservation({ voucher_no: voucher })] }),
          reservationEmail({ reservations: [reservation({ voucher_no: voucher })] }),
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(
        `emails[1].reservations[0].voucher_no: voucher ${voucher} is repeated in this request (see emails[0].reservations[0].voucher_no)`,
      );
    });

    it.each([
      ['no emails field', {}, 'emails: must be an array of e-mails'],
      ['an empty list', { emails: [] }, 'emails: must hold 1 to 500 e-mails, not 0'],
      [
        'more than 500 e-mails',
        { emails: Array(501).fill(stopSaleEmail()) },
        'emails: must hold 1 to 500 e-mails, not 501',
      ],
      ['emails as a string', { emails: 'all' }, 'emails: must be an array of e-mails'],
    ])('rejects a body with %s', async (_name, body, detail) => {
      const res = await post(token, body);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
    });

    it('rejects malformed JSON', async () => {
      const res = await post(token, '{"emails": [');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        problem(400, 'INVALID_JSON', expect.stringContaining('Request body is not valid JSON')),
      );
    });

    it('rejects a body over the size limit with 413', async () => {
      const big = Array.from({ length: 400 }, () =>
        stopSaleEmail({
          subject: 'x'.repeat(999),
          stop_sales: Array(50).fill({ ...stopSaleEmail().stop_sales[0], reason: 'r'.repeat(480) }),
        }),
      );
      const body = JSON.stringify({ emails: big });
      expect(body.length).toBeGreaterThan(10_000_000);
      const res = await post(token, body);
      expect(res.status).toBe(413);
      expect(res.body).toEqual(
        problem(413, 'BODY_TOO_LARGE', expect.stringContaining('Request body is too large')),
      );
    });
  });

  it('rejects a voucher already stored for another message, storing nothing', async () => {
    const tenant = newTenant();
    const token = makeToken(tenant);
    const first = await post(token, { emails: [reservationEmail()] });
    const voucher = (
      await queryDb<{ voucher_no: string }>(
        'SELECT voucher_no FROM reservations WHERE tenant_id = $1',
        [tenant],
      )
    )[0].voucher_no;
    const res = await post(token, {
      emails: [
        stopSaleEmail(),
        reservationEmail({ reservations: [reservation({ voucher_no: voucher })] }),
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(
      `emails[1].reservations[0].voucher_no: voucher ${voucher} already belongs to e-mail ${first.body.ids[0]}`,
    );
    expect(await countRows(tenant)).toEqual({ emails: 1, reservations: 1, stop_sales: 0 });
  });

  describe('authentication', () => {
    const tenant = newTenant();
    it.each([
      ['no token', undefined, 'Not authenticated'],
      ['a forged token', makeToken(tenant, { secret: 'not-the-secret' }), 'Invalid token'],
      ['an expired token', makeToken(tenant, { expiresIn: '-1s' }), 'Token expired'],
      ['garbage', 'not.a.jwt', 'Invalid token'],
    ])('answers 401 with a detail for %s', async (_name, token, detail) => {
      for (const [method, path] of [
        ['GET', '/api/emails/pending'],
        ['POST', '/api/emails'],
        ['GET', '/api/emails/1'],
        ['GET', '/api/settings/sedna'],
        ['PUT', '/api/hotel-mappings'],
      ]) {
        const res = await call(api.url, method, path, {
          token,
          body: method === 'GET' ? undefined : { emails: [stopSaleEmail()] },
        });
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 401,
          body: problem(401, 'UNAUTHENTICATED', detail),
        });
      }
      expect(await countRows(tenant)).toEqual({ emails: 0, reservations: 0, stop_sales: 0 });
    });
  });
});
