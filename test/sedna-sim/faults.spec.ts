import { AxiosInstance } from 'axios';
import { FaultRule, SednaSimulator, startSednaSimulator } from '../../sedna-sim/sedna-simulator';
import {
  client,
  insertReservation,
  login,
  phase2Body,
  reservationRoom,
  socketError,
  stopSaleBody,
} from './sim-client';

let sim: SednaSimulator;
let control: AxiosInstance;
let session: AxiosInstance;

beforeAll(async () => {
  sim = await startSednaSimulator({ rateLimitPerSecond: 0 });
  control = client(sim.url);
});

afterAll(() => sim.close());

beforeEach(async () => {
  await control.post('/__sim/reset');
  session = await login(sim.url);
});

const setFaults = (...rules: FaultRule[]) => control.post('/__sim/faults', { rules });
const phase1 = (body = stopSaleBody()) => session.put('/api/Contract/UpdateStopSale', body);
const storedStopSales = async () => (await control.get('/__sim/stop-sales')).data as unknown[];

describe('fault injection', () => {
  it('lost-response commits the effect but the client sees a dropped socket', async () => {
    await setFaults({ action: 'phase1', kind: 'lost-response', times: 1 });
    expect(await socketError(phase1())).toBe('ECONNRESET');
    expect(await storedStopSales()).toHaveLength(1);

    const found = await session.post('/api/Integratiion/GetStopSaleList', null, {
      params: { hotelId: 18 },
    });
    expect(found.data).toEqual([expect.objectContaining({ RecId: 823259 })]);
    await setFaults({ action: 'phase2', kind: 'lost-response', times: 1 });
    await socketError(session.put('/api/Contract/UpdateStopSale', phase2Body(823259)));
    expect(await storedStopSales()).toEqual([expect.objectContaining({ phase2Calls: 1 })]);
  });

  it('lost-response on InsertReservation makes a blind retry a counted duplicate', async () => {
    await setFaults({ action: 'insertReservation', kind: 'lost-response', times: 1 });
    await socketError(insertReservation(sim.url, [reservationRoom()]));
    const retry = await insertReservation(sim.url, [reservationRoom()]);
    expect(retry.data[0].ErrorType).toBe(2);
    const stats = (await control.get('/__sim/stats')).data.agencies.demo;
    expect(stats).toMatchObject({ reservationsCreated: 1, duplicatesRejected: 1 });
  });

  it('reset drops the socket without committing', async () => {
    await setFaults({ action: 'phase1', kind: 'reset' });
    expect(await socketError(phase1())).toBe('ECONNRESET');
    expect(await storedStopSales()).toEqual([]);
  });

  it('timeout holds the request until the client gives up, without committing', async () => {
    await setFaults({ action: 'phase1', kind: 'timeout' });
    const impatient = await login(sim.url);
    impatient.defaults.timeout = 200;
    const started = Date.now();
    expect(await socketError(impatient.put('/api/Contract/UpdateStopSale', stopSaleBody()))).toBe(
      'ECONNABORTED',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(await storedStopSales()).toEqual([]);
  });

  it('closes promptly while a request is held', async () => {
    const other = await startSednaSimulator();
    const otherSession = await login(other.url);
    await client(other.url).post('/__sim/faults', { rules: [{ action: 'any', kind: 'timeout' }] });
    const held = socketError(otherSession.get('/api/Service2/GetBoardList'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await held).toBe('ECONNRESET');
  });

  it('http500, http429 and business-error answer without committing', async () => {
    await setFaults({ action: 'phase1', kind: 'http500', times: 1 });
    const failed = await phase1();
    expect(failed.status).toBe(500);
    await setFaults({ action: 'phase1', kind: 'http429', times: 1 });
    const limited = await phase1();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    await setFaults({ action: 'phase1', kind: 'business-error', times: 1 });
    const business = await phase1();
    expect(business.status).toBe(200);
    expect(business.data).toMatchObject({ ErrorType: 1, Message: 'Simulated business error' });
    expect(await storedStopSales()).toEqual([]);
  });

  it('honours times, then lets requests through', async () => {
    await setFaults({ action: 'lookup', kind: 'http500', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await session.get('/api/Service2/GetBoardList')).status);
    }
    expect(statuses).toEqual([500, 500, 200]);
    expect((await control.get('/__sim/faults')).data.rules[0].remaining).toBe(0);
  });

  it('matches by hotel, voucher and username, and by action any', async () => {
    await setFaults(
      { action: 'phase1', kind: 'http500', match: { hotelId: 25 } },
      { action: 'any', kind: 'business-error', match: { voucher: 'V-FAIL' } },
    );
    expect((await phase1()).status).toBe(200);
    expect((await phase1(stopSaleBody({ HotelId: 25 }))).status).toBe(500);
    const room = reservationRoom({ Voucher: 'V-FAIL' });
    const failed = await insertReservation(sim.url, [room], 'V-FAIL');
    expect(failed.data[0]).toMatchObject({ ErrorType: 1, Message: 'Simulated business error' });

    await setFaults({ action: 'any', kind: 'http500', match: { username: 'nobody' } });
    expect((await session.get('/api/Service2/GetBoardList')).status).toBe(200);
  });

  it('adds latency and skips rules with probability 0', async () => {
    await setFaults(
      { action: 'lookup', kind: 'http500', probability: 0 },
      { action: 'lookup', kind: 'latency', latencyMs: 150 },
    );
    const started = Date.now();
    expect((await session.get('/api/Service2/GetBoardList')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects malformed rules and clears rules on DELETE', async () => {
    const bad = await control.post('/__sim/faults', { rules: [{ action: 'x', kind: 'reset' }] });
    expect(bad.status).toBe(400);
    await setFaults({ action: 'any', kind: 'http500' });
    await control.delete('/__sim/faults');
    expect((await session.get('/api/Service2/GetBoardList')).status).toBe(200);
  });
});
