/** Helpers for talking to the simulator over real HTTP, as a Sedna client would. */
import axios, { AxiosError, AxiosInstance } from 'axios';
import http from 'http';

export function client(baseURL: string, timeout = 5000): AxiosInstance {
  // No keep-alive: fault tests destroy sockets and must not poison a pooled connection.
  return axios.create({
    baseURL,
    timeout,
    validateStatus: () => true,
    httpAgent: new http.Agent({ keepAlive: false }),
  });
}

export async function login(
  baseURL: string,
  username = 'demo',
  password = 'demo-pass',
): Promise<AxiosInstance> {
  const res = await client(baseURL).get('/api/Integratiion/AgencyLogin', {
    params: { username, password },
  });
  const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
  if (!cookie) throw new Error(`Login failed: ${JSON.stringify(res.data)}`);
  const session = client(baseURL);
  session.defaults.headers.common.Cookie = cookie;
  return session;
}

export function stopSaleBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RecId: 0,
    HotelId: 18,
    BeginDate: '2025-04-13T00:00:00',
    EndDate: '2025-04-18T00:00:00',
    DeclareDate: '2025-04-10T09:30:00',
    Active: 0,
    State: 1,
    RecordSource: 0,
    RecordUser: 'Entegrasyon',
    StopType: 0,
    Authority: 207,
    RoomRemark: 'DBL,TRP',
    OperatorRemark: '7STAR,',
    BoardRemark: 'AI',
    StopSaleRooms: [],
    StopSaleOperators: [],
    StopSaleBoards: [],
    StopSaleMarkets: [],
    ...overrides,
  };
}

export function phase2Body(recId: number, overrides: Record<string, unknown> = {}) {
  return stopSaleBody({
    RecId: recId,
    StopSaleRooms: [1364, 1390].map((RoomTypeId) => ({ RoomTypeId, State: 1, StopSaleId: recId })),
    StopSaleOperators: [{ OperatorId: 571, State: 1, StopSaleId: recId }],
    StopSaleBoards: [{ BoardId: 1, State: 1, StopSaleId: recId }],
    StopSaleMarkets: [{ MarketId: 10, State: 1, StopSaleId: recId }],
    ...overrides,
  });
}

export function reservationRoom(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    CheckinDate: '2025-01-15',
    CheckOutDate: '2025-01-22',
    HotelId: 31,
    RoomTypeId: 1364,
    BoardId: 1,
    OperatorId: 571,
    Adult: 2,
    Child: 1,
    Voucher: 'JUN2024001',
    SourceId: 'src-JUN2024001',
    Amount: 1234.56,
    IsReservationChanged: false,
    IsBabyFree: true,
    CheckContract: true,
    Customers: [
      { Title: 'Mr', FirstName: 'Ali', LastName: 'Yilmaz', BirthDate: '1980-02-01' },
      { Title: 'Mrs', FirstName: 'Ayse', LastName: 'Yilmaz', BirthDate: '1982-03-04' },
      { Title: 'Chd', FirstName: 'Can', LastName: 'Yilmaz', BirthDate: '2017-05-06', Age: 7 },
    ],
    ...overrides,
  };
}

export function insertReservation(
  baseURL: string,
  rooms: unknown[],
  voucherNo = 'JUN2024001',
  username = 'demo',
  password = 'demo-pass',
) {
  return client(baseURL).post('/api/Integratiion/InsertReservation', rooms, {
    params: { username, password, voucherNo },
  });
}

/** Resolves to the error code of a request that got no HTTP response at all. */
export async function socketError(request: Promise<unknown>): Promise<string | undefined> {
  const error = await request.then(
    () => undefined,
    (err: AxiosError) => err,
  );
  if (!error) throw new Error('Expected the request to fail without a response');
  return error.code;
}
