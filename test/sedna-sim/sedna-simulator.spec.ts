import { AxiosInstance } from 'axios';
import { SednaSimulator, startSednaSimulator } from '../../sedna-sim/sedna-simulator';
import { HOTELS } from '../../sedna-sim/reference-data';
import {
  client,
  insertReservation,
  login,
  phase2Body,
  reservationRoom,
  stopSaleBody,
} from './sim-client';

const SECOND_AGENCY = {
  username: 'sun',
  password: 'sun-pass',
  operatorId: 3,
  operatorCode: 'SUNEX',
};

let sim: SednaSimulator;
let control: AxiosInstance;

beforeAll(async () => {
  sim = await startSednaSimulator({ rateLimitPerSecond: 0 });
  control = client(sim.url);
});

afterAll(() => sim.close());

beforeEach(async () => {
  await control.post('/__sim/reset');
  await control.post('/__sim/config', { rateLimitPerSecond: 0, sessionIdleMs: 60_000 });
});

async function stats(username = 'demo') {
  const res = await control.get('/__sim/stats');
  return res.data.agencies[username];
}

describe('login and sessions', () => {
  it('answers the operator id and an ASP.NET session cookie', async () => {
    const res = await client(sim.url).get('/api/Integratiion/AgencyLogin', {
      params: { username: 'demo', password: 'demo-pass' },
    });
    expect(res.data).toEqual({ ErrorType: 0, Message: 'Success', RecId: 571 });
    expect(res.headers['set-cookie']?.[0]).toMatch(/^ASP\.NET_SessionId=[^;]+; Path=\/; HttpOnly$/);
  });

  it('rejects bad credentials with HTTP 200 and no cookie', async () => {
    const res = await client(sim.url).get('/api/Integratiion/AgencyLogin', {
      params: { username: 'demo', password: 'wrong' },
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      ErrorType: 1,
      Message: 'Invalid username or password',
      RecId: null,
    });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers 401 without a session, after expire-sessions and after idling', async () => {
    const noCookie = await client(sim.url).put('/api/Contract/UpdateStopSale', stopSaleBody());
    expect(noCookie.status).toBe(401);
    expect(noCookie.data.ErrorType).not.toBe(0);

    const session = await login(sim.url);
    expect((await session.get('/api/Service2/GetBoardList')).status).toBe(200);
    await control.post('/__sim/expire-sessions');
    expect((await session.get('/api/Service2/GetBoardList')).status).toBe(401);

    await control.post('/__sim/config', { sessionIdleMs: 50 });
    const idle = await login(sim.url);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await idle.get('/api/Service2/GetBoardList')).status).toBe(401);
  });
});

describe('reference data', () => {
  let session: AxiosInstance;
  beforeEach(async () => {
    session = await login(sim.url);
  });

  it('serves both list shapes', async () => {
    const hotels = await session.post('/api/Integratiion/GetHotelList', null, {
      params: { operatorId: 571, isActive: true },
    });
    expect(hotels.data.Data.map((h: { RecId: number }) => h.RecId)).toContain(18);
    expect(hotels.data.Data.every((h: { IsActive: boolean }) => h.IsActive)).toBe(true);
    expect(HOTELS.some((h) => !h.IsActive)).toBe(true);

    const rooms = await session.post('/api/Integratiion/GetRoomTypeList', null, {
      params: { operatorId: 571 },
    });
    expect(rooms.data).toContainEqual({ RoomTypeId: 63, Code: 'STDSV', Name: expect.any(String) });

    const boards = await session.get('/api/Service2/GetBoardList');
    expect(boards.data.Data).toContainEqual({ BoardId: 1, Code: 'AI', Name: 'All Inclusive' });

    const countries = await session.post('/api/Integratiion/GetCountrys');
    expect(Array.isArray(countries.data)).toBe(true);
    const operators = await session.get('/api/Integratiion/GetOperators');
    expect(operators.data.Data.map((o: { RecId: number }) => o.RecId)).toEqual([571, 3]);
  });

  it('lists a hotel room types by hotel id', async () => {
    const res = await session.post('/api/Service1/GetHotelRoomTypelistAll', ['18']);
    const ids = res.data.Data.map((r: { RecId: number }) => r.RecId).sort(
      (a: number, b: number) => a - b,
    );
    expect(ids).toEqual([63, 1364, 1389, 1390, 15730, 15731]);
  });

  it('treats paths, query names and JSON keys case-insensitively', async () => {
    const hotels = await session.post(
      '/API/integratiion/GETHOTELLIST?OPERATORID=571&ISACTIVE=true',
    );
    expect(hotels.status).toBe(200);
    const created = await session.put('/api/contract/updatestopsale', {
      recid: '0',
      hotelid: '18',
      begindate: '2025-04-13T00:00:00',
      enddate: '2025-04-18T00:00:00',
      operatorremark: '7STAR,',
    });
    expect(created.data).toEqual({ ErrorType: 0, Message: 'Success', RecId: 823259 });
  });

  it('answers 404 for unknown actions and 405 for the wrong method', async () => {
    expect((await session.get('/api/Integratiion/GetHotels')).status).toBe(404);
    expect((await session.get('/api/Integratiion/GetHotelList')).status).toBe(405);
  });
});

describe('UpdateStopSale two-phase save', () => {
  let session: AxiosInstance;
  beforeEach(async () => {
    session = await login(sim.url);
  });

  const put = (body: unknown) => session.put('/api/Contract/UpdateStopSale', body);

  it('fails Phase 1 with children as a server error and stores nothing', async () => {
    const res = await put(phase2Body(0));
    expect(res.status).toBe(500);
    expect(res.data).toMatchObject({ Message: 'An error has occurred.' });
    expect((await control.get('/__sim/stop-sales')).data).toEqual([]);
  });

  it('rejects Phase 2 children whose StopSaleId is not the RecId', async () => {
    const { RecId } = (await put(stopSaleBody())).data;
    const body = phase2Body(RecId, { StopSaleBoards: [{ BoardId: 1, State: 1, StopSaleId: 0 }] });
    const res = await put(body);
    expect(res.data.ErrorType).toBe(1);
    expect(res.data.Message).toContain('StopSaleBoards[0].StopSaleId');
  });

  it('rejects an unknown RecId, a changed header and unknown child ids', async () => {
    const { RecId } = (await put(stopSaleBody())).data;
    expect((await put(phase2Body(999))).data.Message).toContain('999');
    const moved = await put(phase2Body(RecId, { EndDate: '2025-04-19T00:00:00' }));
    expect(moved.data.Message).toContain('EndDate');
    const rooms = [{ RoomTypeId: 4242, State: 1, StopSaleId: RecId }];
    const unknownRoom = await put(phase2Body(RecId, { StopSaleRooms: rooms }));
    expect(unknownRoom.data.Message).toContain('RoomTypeId 4242');
  });

  it('validates the remark, hotel and dates in both phases', async () => {
    const noComma = await put(stopSaleBody({ OperatorRemark: '7STAR' }));
    expect(noComma.data).toEqual({
      ErrorType: 1,
      Message: 'OperatorRemark must end with a comma',
      RecId: null,
    });
    expect((await put(stopSaleBody({ HotelId: 99999 }))).data.Message).toContain('99999');
    const badDate = await put(stopSaleBody({ BeginDate: '2025-04-13' }));
    expect(badDate.data.Message).toContain('BeginDate');
    const reversed = await put(stopSaleBody({ EndDate: '2025-04-01T00:00:00' }));
    expect(reversed.data.ErrorType).toBe(1);
    const { RecId } = (await put(stopSaleBody())).data;
    expect((await put(phase2Body(RecId, { OperatorRemark: '7STAR' }))).data.ErrorType).toBe(1);
  });

  it('stores a full two-phase save and lists it for its agency only', async () => {
    const phase1 = await put(stopSaleBody());
    expect(phase1.data).toEqual({ ErrorType: 0, Message: 'Success', RecId: 823259 });
    const phase2 = await put(phase2Body(823259));
    expect(phase2.data).toEqual({ ErrorType: 0, Message: 'Success', RecId: 823259 });

    const [stored] = (await control.get('/__sim/stop-sales')).data;
    expect(stored).toMatchObject({
      RecId: 823259,
      HotelId: 18,
      OperatorRemark: '7STAR,',
      agency: 'demo',
      phase2Calls: 1,
      StopSaleRooms: [
        { RoomTypeId: 1364, State: 1, StopSaleId: 823259 },
        { RoomTypeId: 1390, State: 1, StopSaleId: 823259 },
      ],
      StopSaleOperators: [{ OperatorId: 571, State: 1, StopSaleId: 823259 }],
      StopSaleBoards: [{ BoardId: 1, State: 1, StopSaleId: 823259 }],
    });
    expect(await stats()).toMatchObject({ stopSalesCreated: 1, phase2Calls: 1 });

    const list = (params: Record<string, unknown>) =>
      session.post('/api/Integratiion/GetStopSaleList', null, { params }).then((r) => r.data);
    expect(await list({ hotelId: 18 })).toEqual([
      expect.objectContaining({ RecId: 823259, DeclareDate: '2025-04-10T09:30:00' }),
    ]);
    expect(await list({ stopDateBegin: '2025-04-18', stopDateEnd: '2025-04-30' })).toHaveLength(1);
    expect(await list({ stopDateBegin: '2025-04-19', stopDateEnd: '2025-04-30' })).toEqual([]);
    expect(await list({ recordDateBegin: '2025-04-10', recordDateEnd: '2025-04-10' })).toHaveLength(
      1,
    );
    expect(await list({ hotelId: 25 })).toEqual([]);

    await control.post('/__sim/agencies', SECOND_AGENCY);
    const other = await login(sim.url, 'sun', 'sun-pass');
    const otherList = await other.post('/api/Integratiion/GetStopSaleList');
    expect(otherList.data).toEqual([]);
    expect(
      (await other.put('/api/Contract/UpdateStopSale', phase2Body(823259))).data.ErrorType,
    ).toBe(1);
  });
});

describe('reservations', () => {
  it('inserts, finds by voucher and filter, and cancels by SourceId', async () => {
    const res = await insertReservation(sim.url, [reservationRoom()]);
    expect(res.data).toEqual([{ ErrorType: 0, Message: 'Success', RecId: expect.any(Number) }]);
    const session = await login(sim.url);
    const found = await session.get('/api/Reservation/GetReservationByVoucher', {
      params: { voucher: 'JUN2024001', operatorId: 571 },
    });
    expect(found.data).toEqual([
      expect.objectContaining({ RecId: res.data[0].RecId, Voucher: 'JUN2024001', HotelId: 31 }),
    ]);
    const filtered = await session.post('/api/Integratiion/GetReservations', {
      SourceId: 'src-JUN2024001',
    });
    expect(filtered.data.Data).toHaveLength(1);

    const cancel = await session.post('/api/Integratiion/CancelReservationBySourcId', null, {
      params: { operatorId: 571, sourceId: 'src-JUN2024001' },
    });
    expect(cancel.data).toEqual({ ErrorType: 0, Message: 'Success', RecId: res.data[0].RecId });
    const [stored] = (await control.get('/__sim/reservations')).data;
    expect(stored).toMatchObject({ voucher: 'JUN2024001', status: 'cancelled', agency: 'demo' });
    expect(stored.customers).toHaveLength(3);
  });

  it('rejects a repeated voucher for the same operator and counts it', async () => {
    await insertReservation(sim.url, [reservationRoom()]);
    const again = await insertReservation(sim.url, [reservationRoom()]);
    expect(again.data).toEqual([
      { ErrorType: 2, Message: 'Voucher JUN2024001 already exists', RecId: null },
    ]);
    expect(await stats()).toMatchObject({ reservationsCreated: 1, duplicatesRejected: 1 });

    await control.post('/__sim/agencies', SECOND_AGENCY);
    const other = [reservationRoom({ OperatorId: 3 })];
    const res = await insertReservation(sim.url, other, 'JUN2024001', 'sun', 'sun-pass');
    expect(res.data[0].ErrorType).toBe(0);
  });

  it('names the offending field and checks the query credentials', async () => {
    const missing = reservationRoom();
    delete missing.RoomTypeId;
    expect((await insertReservation(sim.url, [missing])).data[0].Message).toContain('RoomTypeId');
    const badDate = reservationRoom({ CheckinDate: '15.01.2025' });
    expect((await insertReservation(sim.url, [badDate])).data[0].Message).toContain('CheckinDate');
    const unknownBoard = reservationRoom({ BoardId: 77 });
    expect((await insertReservation(sim.url, [unknownBoard])).data[0].Message).toContain('BoardId');
    const noGuests = reservationRoom({ Customers: [] });
    expect((await insertReservation(sim.url, [noGuests])).data[0].Message).toContain('Customers');
    const wrongPass = await insertReservation(sim.url, [reservationRoom()], 'V1', 'demo', 'nope');
    expect(wrongPass.data[0].ErrorType).toBe(1);
    expect((await control.get('/__sim/reservations')).data).toEqual([]);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After beyond the per-second allowance and counts it', async () => {
    const session = await login(sim.url);
    await control.post('/__sim/config', { rateLimitPerSecond: 3 });
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => session.get('/api/Service2/GetBoardList')),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = burst.find((r) => r.status === 429);
    expect(limited?.headers['retry-after']).toBe('1');
    expect(limited?.data.ErrorType).not.toBe(0);

    const s = await stats();
    expect(s).toMatchObject({ requests: 6, rateLimited: 2, logins: 1 });
    expect(s.byAction).toEqual({ login: 1, lookup: 5 });
    expect(s.maxInSlidingSecond).toBe(6);
    expect(Object.values(s.perSecond).reduce((a, b) => (a as number) + (b as number), 0)).toBe(6);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await session.get('/api/Service2/GetBoardList')).status).toBe(200);
  });

  it('limits login and InsertReservation by the username in the query', async () => {
    await control.post('/__sim/config', { rateLimitPerSecond: 1 });
    await insertReservation(sim.url, [reservationRoom()]);
    const res = await client(sim.url).get('/api/Integratiion/AgencyLogin', {
      params: { username: 'demo', password: 'demo-pass' },
    });
    expect(res.status).toBe(429);
  });
});

describe('drift for tests (control API): change, delete, add records', () => {
  async function phase1(session: AxiosInstance, overrides: Record<string, unknown> = {}) {
    const res = await session.put('/api/Contract/UpdateStopSale', stopSaleBody(overrides));
    return res.data.RecId as number;
  }
  const list = (session: AxiosInstance) =>
    session.post('/api/Integratiion/GetStopSaleList', undefined, { params: { hotelId: 18 } });

  it('changes header fields, validated as Phase 1 validates them; the read calls show the change', async () => {
    const session = await login(sim.url);
    const recId = await phase1(session);
    const changed = await control.post('/__sim/stop-sales/change', {
      RecId: recId,
      RoomRemark: 'SGL',
      StopType: 1,
      EndDate: '2025-04-20T00:00:00',
    });
    expect(changed.status).toBe(200);
    expect((await list(session)).data).toEqual([
      expect.objectContaining({
        RecId: recId,
        RoomRemark: 'SGL',
        StopType: 1,
        EndDate: '2025-04-20T00:00:00',
      }),
    ]);
    const bad = await control.post('/__sim/stop-sales/change', { RecId: recId, StopType: 7 });
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({ error: 'StopType must be 0 or 1' });
    const unknown = await control.post('/__sim/stop-sales/change', { RecId: 1, StopType: 0 });
    expect(unknown.status).toBe(400);
  });

  it('deletes a stop sale; adds one as if made in Sedna, counting no request', async () => {
    const session = await login(sim.url);
    const recId = await phase1(session);
    const before = await stats();
    expect((await control.post('/__sim/stop-sales/delete', { RecId: recId })).status).toBe(200);
    expect((await control.post('/__sim/stop-sales/delete', { RecId: recId })).status).toBe(400);
    const added = await control.post('/__sim/stop-sales/add', {
      HotelId: 18,
      BeginDate: '2025-05-01T00:00:00',
      EndDate: '2025-05-03T00:00:00',
      OperatorRemark: '7STAR,',
    });
    expect(added.status).toBe(200);
    expect((await stats()).requests).toBe(before.requests);
    const listed = (await list(session)).data;
    expect(listed.map((s: { RecId: number }) => s.RecId)).toEqual([added.data.RecId]);
    const noComma = await control.post('/__sim/stop-sales/add', {
      HotelId: 18,
      BeginDate: '2025-05-01T00:00:00',
      EndDate: '2025-05-03T00:00:00',
      OperatorRemark: '7STAR',
    });
    expect(noComma.status).toBe(400);
  });

  it('changes, cancels and deletes a reservation; GetReservationByVoucher shows it', async () => {
    const session = await login(sim.url);
    const inserted = await insertReservation(sim.url, [reservationRoom()]);
    const recId = inserted.data[0].RecId as number;
    const byVoucher = () =>
      session.get('/api/Reservation/GetReservationByVoucher', {
        params: { voucher: 'JUN2024001', operatorId: 571 },
      });
    const changed = await control.post('/__sim/reservations/change', {
      RecId: recId,
      CheckOutDate: '2025-01-23',
      status: 'cancelled',
    });
    expect(changed.status).toBe(200);
    expect((await byVoucher()).data).toEqual([
      expect.objectContaining({ RecId: recId, CheckOutDate: '2025-01-23', Status: 'Cancelled' }),
    ]);
    const badStay = await control.post('/__sim/reservations/change', {
      RecId: recId,
      CheckOutDate: '2025-01-01',
    });
    expect(badStay.status).toBe(400);
    expect((await control.post('/__sim/reservations/delete', { RecId: recId })).status).toBe(200);
    expect((await byVoucher()).data).toEqual([]);
  });
});
