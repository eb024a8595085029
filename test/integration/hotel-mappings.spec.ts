import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HotelMappingKeys1732300000000 } from '../../migrations/1732300000000-hotel-mapping-keys';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';
import { makeToken } from '../support/tokens';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const MAPPINGS = '/api/hotel-mappings';

describe('hotel mappings API (SPEC §9: a mapping names a hotel Sedna lists, never overwritten silently)', () => {
  const stack = useSyncStack();
  let tenant: Tenant;

  beforeAll(async () => {
    tenant = await createTenant(stack.api.url, stack.sim);
  });

  const request = (method: string, path: string, body?: unknown, token = tenant.token) =>
    call(stack.api.url, method, path, { token, body });
  const storedRows = (t: Tenant | string) =>
    queryDb<Json>(
      'SELECT hotel_name, normalized_name, sedna_hotel_id FROM hotel_mappings WHERE tenant_id = $1 ORDER BY id',
      [typeof t === 'string' ? t : t.id],
    );
  /** Sedna reference requests (GetHotelList…) and logins of the demo agency so far. */
  const sednaCalls = async () => {
    const { byAction } = (await simGet(stack.sim, 'stats')).agencies.demo;
    return { lookup: byAction.lookup ?? 0, login: byAction.login ?? 0 };
  };

  describe('create', () => {
    let mappingId: number;

    it('maps a name to a hotel Sedna lists, answering with its Sedna name, through the pacer', async () => {
      const before = await sednaCalls();
      const res = await request('POST', MAPPINGS, {
        hotel_name: 'The Grand Paradise Resort & Spa',
        sedna_hotel_id: 31,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        hotel_name: 'The Grand Paradise Resort & Spa',
        normalized_name: 'the grand paradise resort spa',
        sedna_hotel_id: 31,
        sedna_hotel_name: 'Grand Paradise Resort',
        stale: false,
        created_at: expect.any(String),
      });
      mappingId = res.body.id;
      // No list was cached: one login and one GetHotelList, both claimed from the tenant's pace.
      expect(await sednaCalls()).toEqual({ lookup: before.lookup + 1, login: before.login + 1 });
      const [slots] = await queryDb<Json>(
        'SELECT cardinality(latest_arrivals) AS sends FROM sedna_request_slots WHERE tenant_id = $1',
        [tenant.id],
      );
      expect(slots.sends).toBe(2);
      const list = await request('GET', MAPPINGS);
      expect(list.body).toEqual([res.body]);
    });

    it('checks the next mapping against the cached list, without calling Sedna', async () => {
      const before = await sednaCalls();
      const res = await request('POST', MAPPINGS, {
        hotel_name: 'Гранд Отель Кемер',
        sedna_hotel_id: 318,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        normalized_name: 'гранд отель кемер',
        sedna_hotel_name: 'Гранд Отель Кемер',
        stale: false,
      });
      expect(await sednaCalls()).toEqual(before);
      expect((await request('DELETE', `${MAPPINGS}/${res.body.id}`)).status).toBe(204);
    });

    it('refuses a hotel id Sedna does not list with a 400 naming sedna_hotel_id, storing nothing', async () => {
      const before = await storedRows(tenant);
      for (const id of [999999, 283 /* listed by Sedna as inactive, so not in its active list */]) {
        const res = await request('POST', MAPPINGS, {
          hotel_name: 'Mandarin Palace',
          sedna_hotel_id: id,
        });
        expect(res.status).toBe(400);
        expect(res.body.detail).toBe(`sedna_hotel_id: Sedna lists no hotel ${id}`);
      }
      expect(await storedRows(tenant)).toEqual(before);
    });

    it('answers 409 naming the existing mapping when the name is already mapped, changing nothing', async () => {
      const before = await request('GET', MAPPINGS);
      for (const method of ['POST', 'PUT']) {
        const res = await request(method, MAPPINGS, {
          hotel_name: 'THE GRAND-PARADISE RESORT & SPA!',
          sedna_hotel_id: 52,
        });
        expect(res.status).toBe(409);
        expect(res.body.detail).toContain(`already mapped by mapping ${mappingId}`);
        expect(res.body.detail).toContain(`PUT /api/hotel-mappings/${mappingId}`);
        expect(res.body.existing).toEqual(before.body[0]);
      }
      expect((await request('GET', MAPPINGS)).body).toEqual(before.body);
    });

    it('replaces a mapping only through PUT /api/hotel-mappings/:id', async () => {
      const res = await request('PUT', `${MAPPINGS}/${mappingId}`, {
        hotel_name: 'Grand Paradise',
        sedna_hotel_id: 52,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: mappingId,
        hotel_name: 'Grand Paradise',
        normalized_name: 'grand paradise',
        sedna_hotel_id: 52,
        sedna_hotel_name: 'Grand Park Lara',
        stale: false,
      });
      expect(await storedRows(tenant)).toEqual([
        { hotel_name: 'Grand Paradise', normalized_name: 'grand paradise', sedna_hotel_id: 52 },
      ]);
    });

    it('refuses a replacement to an unlisted hotel, to another mapping’s name, or of an unknown id', async () => {
      const other = await request('POST', MAPPINGS, { hotel_name: 'Mandarin', sedna_hotel_id: 18 });
      expect(other.status).toBe(201);
      const before = await storedRows(tenant);
      const unlisted = await request('PUT', `${MAPPINGS}/${mappingId}`, {
        hotel_name: 'Grand Paradise',
        sedna_hotel_id: 999999,
      });
      expect(unlisted).toMatchObject({
        status: 400,
        body: { detail: 'sedna_hotel_id: Sedna lists no hotel 999999' },
      });
      const taken = await request('PUT', `${MAPPINGS}/${mappingId}`, {
        hotel_name: 'MANDARIN!',
        sedna_hotel_id: 18,
      });
      expect(taken.status).toBe(409);
      expect(taken.body.existing).toMatchObject({ id: other.body.id, hotel_name: 'Mandarin' });
      const unknown = await request('PUT', `${MAPPINGS}/2147483000`, {
        hotel_name: 'Grand Paradise',
        sedna_hotel_id: 52,
      });
      expect(unknown).toMatchObject({
        status: 404,
        body: { detail: 'Hotel mapping 2147483000 not found' },
      });
      expect(await storedRows(tenant)).toEqual(before);
    });

    it('rejects a name that has no key, naming hotel_name', async () => {
      for (const hotel_name of [' & — ', 'Club \uE000']) {
        const res = await request('POST', MAPPINGS, { hotel_name, sedna_hotel_id: 18 });
        expect(res.status).toBe(400);
        expect(res.body.detail).toMatch(/^hotel_name: must contain a word/);
      }
    });

    it('refuses a name confusable with another mapping’s (409 naming it) unless confirmed', async () => {
      const mandarin = (await request('GET', MAPPINGS)).body.find(
        (m: Json) => m.hotel_name === 'Mandarin',
      );
      expect(mandarin).toBeDefined();
      const before = await storedRows(tenant);
      // A Cyrillic а; a zero-width space; a zero for the o of another name.
      for (const hotel_name of ['Mаndarin', 'Man\u200bdarin']) {
        for (const method of ['POST', 'PUT']) {
          const res = await request(method, MAPPINGS, { hotel_name, sedna_hotel_id: 64 });
          expect(res.status).toBe(409);
          expect(res.body.detail).toBe(
            `hotel_name: ${JSON.stringify(hotel_name)} is confusable with mapping ${mandarin.id} ` +
              `("Mandarin" → Sedna hotel 18): the two names look alike but differ; send ` +
              `confirm_confusable: true to map it anyway`,
          );
          expect(res.body.existing).toEqual(mandarin);
        }
      }
      const wrongType = await request('POST', MAPPINGS, {
        hotel_name: 'Mаndarin',
        sedna_hotel_id: 64,
        confirm_confusable: 'yes',
      });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.detail).toMatch(/confirm_confusable/);
      expect(await storedRows(tenant)).toEqual(before);

      const confirmed = await request('POST', MAPPINGS, {
        hotel_name: 'Mаndarin',
        sedna_hotel_id: 64,
        confirm_confusable: true,
      });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body).toMatchObject({ hotel_name: 'Mаndarin', sedna_hotel_id: 64 });
      // A replacement is checked the same way: another look-alike of "Mandarin" is refused.
      const replaced = await request('PUT', `${MAPPINGS}/${confirmed.body.id}`, {
        hotel_name: 'Mаndаrin',
        sedna_hotel_id: 64,
      });
      expect(replaced.status).toBe(409);
      expect((await request('DELETE', `${MAPPINGS}/${confirmed.body.id}`)).status).toBe(204);
    });

    it('fetches the list again when the cached one is stale', async () => {
      await queryDb(
        `UPDATE sedna_reference_cache SET fetched_at = now() - interval '25 hours'
         WHERE tenant_id = $1 AND kind = 'hotels'`,
        [tenant.id],
      );
      const before = await sednaCalls();
      const res = await request('POST', MAPPINGS, {
        hotel_name: 'Sunrise Bch Htl',
        sedna_hotel_id: 47,
      });
      expect(res.status).toBe(201);
      // The session is kept: one GetHotelList, no new login.
      expect(await sednaCalls()).toEqual({ ...before, lookup: before.lookup + 1 });
    });
  });

  describe('when Sedna cannot be asked', () => {
    it('answers 409 when the tenant has no Sedna settings, storing nothing', async () => {
      const id = `nosedna-${randomUUID().slice(0, 8)}`;
      const res = await request(
        'POST',
        MAPPINGS,
        { hotel_name: 'Mandarin', sedna_hotel_id: 18 },
        makeToken(id),
      );
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/^Sedna settings are not configured/);
      expect(await storedRows(id)).toEqual([]);
    });

    it('answers 503 with a detail when Sedna fails, storing nothing', async () => {
      const fresh = await createTenant(stack.api.url, stack.sim);
      await simPost(stack.sim, 'faults', {
        rules: [{ action: 'lookup', kind: 'http500', times: 1 }],
      });
      try {
        const res = await request(
          'POST',
          MAPPINGS,
          { hotel_name: 'Mandarin', sedna_hotel_id: 18 },
          fresh.token,
        );
        expect(res.status).toBe(503);
        expect(res.body.detail).toBe(
          "Sedna's hotel list could not be read, so the hotel id cannot be checked: GetHotelList: Sedna server error (HTTP 500)",
        );
        expect(await storedRows(fresh)).toEqual([]);
      } finally {
        await simPost(stack.sim, 'faults', { rules: [] });
      }
    });
  });

  it('the reported case: a mapping of "Club Отель Алания" never sends "Club Отель Кемер" there', async () => {
    const owner = await createTenant(stack.api.url, stack.sim);
    const mapped = await request(
      'POST',
      MAPPINGS,
      { hotel_name: 'Club Отель Алания', sedna_hotel_id: 312 },
      owner.token,
    );
    expect(mapped.status).toBe(201);
    expect(mapped.body).toMatchObject({
      normalized_name: 'club отель алания',
      sedna_hotel_name: 'Club Alanya Hotel',
      stale: false,
    });
    const names = ['Club Отель Кемер', 'Club Отель Алания', 'ГРАНД ОТЕЛЬ КЕМЕР'];
    const ids = await importEmails(
      stack.api.url,
      owner,
      stopSaleEmails(`cyr${randomUUID().slice(0, 6)}`, 3, 1, (i) => names[i]).map((email) => ({
        ...email,
        stop_sales: email.stop_sales.map((s) => ({ ...s, room_types: ['DBL'], board_types: null })),
      })),
    );
    const storedBefore: Json[] = await simGet(stack.sim, 'stop-sales');
    const run = await waitForRun(await startSync(stack.api.url, owner, ids));
    expect(run).toMatchObject({ status: 'partial', successful_count: 2, failed_count: 1 });

    const result = await request('GET', `/api/sync/${run.sync_id}/result`, undefined, owner.token);
    expect(result.body.failed).toHaveLength(1);
    expect(result.body.failed[0].error).toMatch(/^Hotel not found in Sedna: Club Отель Кемер/);
    // Sedna got the two stop sales of the mapped and the exactly named hotel, nothing else.
    const added = ((await simGet(stack.sim, 'stop-sales')) as Json[]).slice(storedBefore.length);
    expect(added.map((s) => s.HotelId).sort()).toEqual([312, 318]);
    const [kemer] = await queryDb<Json>(
      `SELECT sedna_synced, sedna_hotel_id FROM stop_sales WHERE tenant_id = $1 AND hotel_name = $2`,
      [owner.id, 'Club Отель Кемер'],
    );
    expect(kemer).toMatchObject({ sedna_synced: false, sedna_hotel_id: null });
  });
});

describe('auto-match on equal names only (issue 18), through a real run', () => {
  const stack = useSyncStack();

  it('sends only the equal name; noise words and hidden characters fail HOTEL_NOT_FOUND', async () => {
    const owner = await createTenant(stack.api.url, stack.sim);
    const names = [
      'MANDARIN-RESORT', // equal but for case and punctuation: matches Mandarin Resort (18)
      'Sunrise Spa', // not Sunrise Beach Hotel
      'The Mandarin Hotels & Resorts', // not Mandarin Resort
      '\u0600Mandarin Resort', // a format character (Arabic number sign)
      'Mandarin \u{E0041}Resort', // a tag character
    ];
    const ids = await importEmails(
      stack.api.url,
      owner,
      stopSaleEmails(`eq${randomUUID().slice(0, 6)}`, names.length, 1, (i) => names[i]).map(
        (email) => ({
          ...email,
          stop_sales: email.stop_sales.map((s) => ({
            ...s,
            room_types: ['DBL'],
            board_types: null,
          })),
        }),
      ),
    );
    const storedBefore: Json[] = await simGet(stack.sim, 'stop-sales');
    const run = await waitForRun(await startSync(stack.api.url, owner, ids));
    expect(run).toMatchObject({ status: 'partial', successful_count: 1, failed_count: 4 });
    const result = await call(stack.api.url, 'GET', `/api/sync/${run.sync_id}/result`, {
      token: owner.token,
    });
    const failed: Json[] = result.body.failed;
    expect(failed.map((f) => f.hotel_name).sort()).toEqual(names.slice(1).sort());
    for (const item of failed) expect(item.code).toBe('HOTEL_NOT_FOUND');
    // The noise-word names still name their hotel as the closest candidate.
    const byName = new Map(failed.map((f) => [f.hotel_name, f]));
    expect(byName.get('Sunrise Spa').candidates[0]).toEqual({
      sedna_hotel_id: 47,
      name: 'Sunrise Beach Hotel',
    });
    expect(byName.get('The Mandarin Hotels & Resorts').candidates).toContainEqual({
      sedna_hotel_id: 18,
      name: 'Mandarin Resort',
    });
    // Sedna received the one stop sale of the equal name, nothing else.
    const added = ((await simGet(stack.sim, 'stop-sales')) as Json[]).slice(storedBefore.length);
    expect(added.map((s) => s.HotelId)).toEqual([18]);

    // A mapping of the hidden-character name is explicit, and then that name (only) syncs.
    const mapped = await call(stack.api.url, 'POST', MAPPINGS, {
      token: owner.token,
      body: { hotel_name: '\u0600Mandarin Resort', sedna_hotel_id: 18 },
    });
    expect(mapped.status).toBe(201);
    const retry = await call(stack.api.url, 'POST', `/api/sync/${run.sync_id}/retry`, {
      token: owner.token,
    });
    expect(retry.body).toMatchObject({ total_items: 4, retry_of: run.sync_id });
    const second = await waitForRun(retry.body.sync_id);
    expect(second).toMatchObject({ successful_count: 1, failed_count: 3 });
  });
});

describe('migration HotelMappingKeys1732300000000 (keys of the old lossy normalisation)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(loadConfig().databaseUrl, 2)).initialize();
  });

  afterAll(() => dataSource?.destroy());

  it('re-keys old rows, drops keyless ones and keeps the newest of rows that now collide', async () => {
    const tenantId = `mig-${randomUUID().slice(0, 8)}`;
    await queryDb('INSERT INTO tenants (id) VALUES ($1)', [tenantId]);
    // [hotel_name, the old function's key, hotel, created]
    const rows: [string, string, number, string][] = [
      ['Club Отель Алания', 'club', 312, '2026-01-01'],
      ['Kızılağaç Otel', 'kizilagac otel', 337, '2026-01-02'],
      ['Sun & Moon', 'sun & moon', 52, '2026-01-03'],
      ['Sun Moon', 'sun moon', 47, '2026-01-04'],
      ['Mandarin', 'mandarin', 18, '2026-01-05'],
      ['\uE000 Palace', 'palace', 25, '2026-01-06'],
    ];
    for (const [name, key, hotel, created] of rows) {
      await queryDb(
        `INSERT INTO hotel_mappings (tenant_id, hotel_name, normalized_name, sedna_hotel_id, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [tenantId, name, key, hotel, created],
      );
    }
    const runner = dataSource.createQueryRunner();
    try {
      await new HotelMappingKeys1732300000000().up(runner);
    } finally {
      await runner.release();
    }
    const after = await queryDb<Json>(
      'SELECT hotel_name, normalized_name, sedna_hotel_id FROM hotel_mappings WHERE tenant_id = $1 ORDER BY normalized_name',
      [tenantId],
    );
    expect(after).toEqual([
      {
        hotel_name: 'Club Отель Алания',
        normalized_name: 'club отель алания',
        sedna_hotel_id: 312,
      },
      { hotel_name: 'Kızılağaç Otel', normalized_name: 'kızılağaç otel', sedna_hotel_id: 337 },
      { hotel_name: 'Mandarin', normalized_name: 'mandarin', sedna_hotel_id: 18 },
      { hotel_name: 'Sun Moon', normalized_name: 'sun moon', sedna_hotel_id: 47 },
    ]);
  });
});
