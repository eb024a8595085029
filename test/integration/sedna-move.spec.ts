/**
 * Issues 22 and 18 (1): a tenant moves to another Sedna with `PUT /api/settings/sedna`. On the
 * real stack — two simulator processes (B lists every hotel of A under its id + 6, so B's 31 is
 * A's "Grand Resort Antalya" and B's "Grand Paradise Resort" is 37), the API over HTTP and two
 * worker processes — nothing of the tenant reaches the old Sedna after the move, the new one
 * gets its own hotel ids, a run in flight sends nothing to the new Sedna, a RecId goes back only
 * to the Sedna that issued it, and stale hotel mappings fail their items with a code.
 */
import { HOTELS } from '../../sedna-sim/reference-data';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { sleep } from '../../scripts/local-stack';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { startSimulatorProcess } from '../support/sim-process';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmail,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useProcessStack } from '../support/sync-stack';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** B's hotel ids are A's + SHIFT. */
const SHIFT = 6;
const GRAND_PARADISE_A = 31;
const GRAND_PARADISE_B = 31 + SHIFT;

describe('moving a tenant to another Sedna', () => {
  const stack = useProcessStack({
    sim: { rateLimitPerSecond: 100 },
    simProcess: true,
    workers: ['worker-a', 'worker-b'],
    // A Phase 1 that gets no answer is given up on soon (the lost-answer test).
    workerEnv: { SEDNA_TIMEOUT_MS: '4000' },
  });
  let simB: SednaSimulator;

  beforeAll(async () => {
    simB = await startSimulatorProcess({ rateLimitPerSecond: 100, hotelIdShift: SHIFT });
  });
  afterAll(() => simB?.close());

  const simA = () => stack.sim;
  /** Every request the simulator received from the demo agency (all tenants here use it). */
  const requestsTo = async (sim: SednaSimulator): Promise<number> =>
    (await simGet(sim, 'stats')).agencies.demo?.requests ?? 0;
  /** The simulator's stop-sale headers over these dates. */
  const headersOn = async (sim: SednaSimulator, from: string): Promise<Json[]> =>
    ((await simGet(sim, 'stop-sales')) as Json[]).filter((h) =>
      String(h.BeginDate).startsWith(from),
    );
  const moveTo = async (tenant: Tenant, sim: SednaSimulator) => {
    const res = await call(stack.api.url, 'PUT', '/api/settings/sedna', {
      token: tenant.token,
      body: { api_url: sim.url, username: 'demo', operator_id: 571, operator_code: '7STAR' },
    });
    expect(res.status).toBe(200);
  };
  const syncStopSale = async (tenant: Tenant, tag: string, hotel: string, from: string) => {
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail(tag, hotel, from, from.replace(/-\d\d$/, '-20'), ['DBL']),
    ]);
    return waitForRun(await startSync(stack.api.url, tenant, ids));
  };
  const result = async (tenant: Tenant, syncId: string): Promise<Json> =>
    (await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })).body;

  it('sends the next stop sale to the new Sedna with its hotel id; the old one gets nothing more, and back', async () => {
    const tenant = await createTenant(stack.api.url, simA());
    const first = await syncStopSale(tenant, 'move-1', 'Grand Paradise Resort', '2027-03-10');
    expect(first).toMatchObject({ status: 'completed', successful_count: 1 });
    expect((await headersOn(simA(), '2027-03-10'))[0]).toMatchObject({
      HotelId: GRAND_PARADISE_A,
    });

    await moveTo(tenant, simB);
    const aBefore = await requestsTo(simA());
    const second = await syncStopSale(tenant, 'move-2', 'Grand Paradise Resort', '2027-04-10');
    expect(second).toMatchObject({ status: 'completed', successful_count: 1 });
    const [onB] = await headersOn(simB, '2027-04-10');
    // B's own id for the hotel, in Phase 1 and Phase 2 (the rooms are attached to that header).
    expect(onB).toMatchObject({ HotelId: GRAND_PARADISE_B });
    expect(onB.StopSaleOperators).toHaveLength(1);
    expect(onB.StopSaleRooms.length).toBeGreaterThan(0);
    expect(await headersOn(simA(), '2027-04-10')).toHaveLength(0);
    expect(await requestsTo(simA())).toBe(aBefore);

    // And back: A again, with A's ids; B gets nothing more.
    await moveTo(tenant, simA());
    const bBefore = await requestsTo(simB);
    const third = await syncStopSale(tenant, 'move-3', 'Grand Paradise Resort', '2027-05-10');
    expect(third).toMatchObject({ status: 'completed', successful_count: 1 });
    expect((await headersOn(simA(), '2027-05-10'))[0]).toMatchObject({
      HotelId: GRAND_PARADISE_A,
    });
    expect(await headersOn(simB, '2027-05-10')).toHaveLength(0);
    expect(await requestsTo(simB)).toBe(bBefore);
  });

  it('fails what a run in flight has left with SEDNA_CONNECTION_CHANGED; a RecId returns only to its Sedna', async () => {
    // Two requests a second: the run is still going when the settings change.
    const tenant = await createTenant(stack.api.url, simA(), { rate: 2 });
    const emails = Array.from({ length: 6 }, (_, i) =>
      stopSaleEmail(`flight-${i}`, 'Mandarin Resort', `2027-06-${10 + i}`, '2027-06-20', ['DBL']),
    );
    const ids = await importEmails(stack.api.url, tenant, emails);
    const syncId = await startSync(stack.api.url, tenant, ids);
    // Once one stop sale has its Phase 1 RecId, move.
    for (let recIds = 0; recIds < 1; await sleep(50)) {
      [{ recIds }] = await queryDb(
        `SELECT count(sedna_rec_id)::int AS "recIds" FROM stop_sales WHERE tenant_id = $1`,
        [tenant.id],
      );
    }
    const bBefore = await requestsTo(simB);
    await moveTo(tenant, simB);
    const run = await waitForRun(syncId);
    expect(run.status).not.toBe('completed');
    // The run was started on A: B received nothing of it.
    expect(await requestsTo(simB)).toBe(bBefore);

    const res = await result(tenant, syncId);
    expect(res.successful.length + res.failed.length).toBe(6);
    expect(res.failed.length).toBeGreaterThan(0);
    for (const item of res.failed) {
      expect(item.code).toBe('SEDNA_CONNECTION_CHANGED');
      expect(item.error).toMatch(/Sedna connection changed/);
    }
    // Headers on A whose rooms were not sent: never silent.
    const withoutRooms = res.failed.filter((i: Json) => i.in_sedna_without_rooms);
    for (const item of withoutRooms) expect(item.stage).toBe('phase2');
    expect(res.in_sedna_without_rooms).toBe(withoutRooms.length);

    // The retry is a new run, on B: items never sent go to B with B's ids; a header that exists
    // on A is not finished on B (its RecId is A's).
    const retry = await call(stack.api.url, 'POST', `/api/sync/${syncId}/retry`, {
      token: tenant.token,
      body: {},
    });
    expect(retry.status).toBe(200);
    const retried = await waitForRun(retry.body.sync_id);
    const again = await result(tenant, retry.body.sync_id);
    expect(again.successful.length).toBe(res.failed.length - withoutRooms.length);
    for (const item of again.failed) {
      expect(item).toMatchObject({ code: 'SEDNA_CONNECTION_CHANGED', stage: 'phase1' });
      expect(item.in_sedna_without_rooms).toBe(true);
      expect(item.error).toMatch(/another Sedna/);
    }
    expect(again.failed.length).toBe(withoutRooms.length);
    const onB = (await simGet(simB, 'stop-sales')) as Json[];
    const sentToB = onB.filter((h) => String(h.BeginDate).startsWith('2027-06-1'));
    expect(sentToB).toHaveLength(again.successful.length);
    for (const h of sentToB) expect(h.HotelId).toBe(18 + SHIFT);
    expect(retried.successful_count).toBe(again.successful.length);

    // Back on A, a retry finishes A's headers with their A RecIds (no second header on A).
    if (withoutRooms.length) {
      const headersBefore = (await simGet(simA(), 'stop-sales')).length;
      await moveTo(tenant, simA());
      const last = await call(stack.api.url, 'POST', `/api/sync/${retry.body.sync_id}/retry`, {
        token: tenant.token,
        body: {},
      });
      expect(last.status).toBe(200);
      expect(await waitForRun(last.body.sync_id)).toMatchObject({ status: 'completed' });
      expect((await simGet(simA(), 'stop-sales')).length).toBe(headersBefore);
      const finished = (await simGet(simA(), 'stop-sales')) as Json[];
      for (const item of withoutRooms) {
        const header = finished.find((h) => h.RecId === item.sedna_id);
        expect(header?.StopSaleOperators).toHaveLength(1);
      }
    }
  });

  it('looks an unanswered Phase 1 or insert up only in the Sedna it was sent to', async () => {
    const tenant = await createTenant(stack.api.url, simA());
    const KEMER_PINE = 96;
    const [reservation] = reservationEmails('unans', 1);
    const voucher = reservation.reservations[0].voucher_no;
    await simPost(simA(), 'faults', {
      rules: [
        { action: 'phase1', kind: 'timeout', times: 1, match: { hotelId: KEMER_PINE } },
        { action: 'insertReservation', kind: 'timeout', times: 1, match: { voucher } },
      ],
    });
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('lost-1', 'Kemer Pine Beach Hotel', '2027-08-10', '2027-08-20', ['DBL']),
      reservation,
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    // Phase 1 and the insert are on their way to A (marked sent), unanswered: move meanwhile.
    for (let sent = 0; sent < 2; await sleep(50)) {
      [{ sent }] = await queryDb(
        `SELECT (SELECT count(phase1_sent_at) FROM stop_sales WHERE tenant_id = $1)
              + (SELECT count(insert_sent_at) FROM reservations WHERE tenant_id = $1) AS sent`,
        [tenant.id],
      );
      sent = Number(sent);
    }
    await moveTo(tenant, simB);
    expect(await waitForRun(syncId)).toMatchObject({ status: 'failed' });
    for (const item of (await result(tenant, syncId)).failed) {
      expect(item).toMatchObject({ code: 'SEDNA_CONNECTION_CHANGED' });
    }

    // A retry on B must not create them there: A may hold them.
    const retry = await call(stack.api.url, 'POST', `/api/sync/${syncId}/retry`, {
      token: tenant.token,
      body: {},
    });
    expect(await waitForRun(retry.body.sync_id)).toMatchObject({ status: 'failed' });
    const failed = (await result(tenant, retry.body.sync_id)).failed as Json[];
    expect(failed.map((i) => [i.type, i.code, i.stage]).sort()).toEqual([
      ['reservation', 'SEDNA_CONNECTION_CHANGED', 'insert'],
      ['stop_sale', 'SEDNA_CONNECTION_CHANGED', 'phase1'],
    ]);
    for (const item of failed) expect(item.error).toMatch(/answer was lost/);
    expect(await headersOn(simB, '2027-08-10')).toHaveLength(0);
    const onB = (await simGet(simB, 'reservations')) as Json[];
    expect(onB.filter((r) => r.voucher === voucher)).toHaveLength(0);

    // Back on A, it is looked up there and created once.
    await moveTo(tenant, simA());
    const last = await call(stack.api.url, 'POST', `/api/sync/${retry.body.sync_id}/retry`, {
      token: tenant.token,
      body: {},
    });
    expect(await waitForRun(last.body.sync_id)).toMatchObject({ status: 'completed' });
    const onA = await headersOn(simA(), '2027-08-10');
    expect(onA).toHaveLength(1);
    expect(onA[0]).toMatchObject({ HotelId: KEMER_PINE });
    expect(onA[0].StopSaleOperators).toHaveLength(1);
    const onA2 = (await simGet(simA(), 'reservations')) as Json[];
    expect(onA2.filter((r) => r.voucher === voucher)).toHaveLength(1);
  });

  it('answers hotel search and mapping checks from the new Sedna; a stale mapping fails its item', async () => {
    const tenant = await createTenant(stack.api.url, simA());
    const auth = { token: tenant.token };
    const active = HOTELS.filter((h) => h.IsActive).length;
    const tested = await call(stack.api.url, 'POST', '/api/settings/sedna/test', auth);
    expect(tested.body).toMatchObject({ ok: true, hotels: active });
    for (const [hotel_name, sedna_hotel_id] of [
      ['GP Own Name', GRAND_PARADISE_A],
      ['Mandarin Own Name', 18],
    ] as const) {
      const res = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
        ...auth,
        body: { hotel_name, sedna_hotel_id },
      });
      expect(res.status).toBe(201);
    }

    await moveTo(tenant, simB);
    const search = await call(
      stack.api.url,
      'GET',
      '/api/settings/sedna/hotels?search=Grand%20Paradise',
      auth,
    );
    expect(search.body.items).toEqual([{ id: GRAND_PARADISE_B, name: 'Grand Paradise Resort' }]);
    // B's hotel 31 is another hotel; B has no hotel 18.
    const other = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
      ...auth,
      body: { hotel_name: 'Some Other Name', sedna_hotel_id: GRAND_PARADISE_A },
    });
    expect(other.body).toMatchObject({ sedna_hotel_name: 'Grand Resort Antalya', stale: false });
    const missing = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
      ...auth,
      body: { hotel_name: 'Yet Another Name', sedna_hotel_id: 18 },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/Sedna lists no hotel 18/);
    const listed = (await call(stack.api.url, 'GET', '/api/hotel-mappings', auth)).body as Json[];
    const byName = new Map(listed.map((m) => [m.hotel_name, m]));
    expect(byName.get('GP Own Name')).toMatchObject({ stale: true });
    expect(byName.get('Mandarin Own Name')).toMatchObject({ stale: true });

    const bBefore = (await simGet(simB, 'stop-sales')).length;
    const run = await syncStopSale(tenant, 'stale-1', 'GP Own Name', '2027-07-10');
    expect(run).toMatchObject({ status: 'failed', failed_count: 1 });
    const [item] = (await result(tenant, run.sync_id)).failed;
    expect(item).toMatchObject({
      code: 'HOTEL_MAPPING_STALE',
      stage: 'prepare',
      hotel_name: 'GP Own Name',
      sedna_hotel_id: GRAND_PARADISE_A,
      sedna_hotel_name: 'Grand Paradise Resort',
    });
    expect(item.error).toMatch(/lists hotel 31 as "Grand Resort Antalya"/);
    expect((await simGet(simB, 'stop-sales')).length).toBe(bBefore);
  });
});
