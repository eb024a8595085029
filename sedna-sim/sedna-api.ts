/** The Sedna endpoints: route table and handlers. Paths are matched lower-cased. */
import { RequestAction } from './faults';
import { SimReply, envelope, ok } from './http-io';
import { BusinessError, Query, field, optionalText, toInt } from './model-binding';
import {
  BOARDS,
  COUNTRIES,
  hotelRoomTypesOf,
  hotelsOf,
  OPERATORS,
  ROOM_TYPES,
  SimAgency,
} from './reference-data';
import { readRooms, sednaView } from './reservations';
import { SESSION_COOKIE } from './sessions';
import { SimState, isKnownOperator } from './sim-state';
import { completeStopSale, createStopSale, headerOf, isPhase1, overlaps } from './stop-sales';

export interface ApiContext {
  state: SimState;
  query: Query;
  body: unknown;
  now: number;
}

export interface SessionContext extends ApiContext {
  agency: SimAgency;
}

interface RouteBase {
  method: string;
  path: string;
  action: RequestAction | ((body: unknown) => RequestAction);
  /** InsertReservation answers every outcome as an array of envelopes. */
  arrayEnvelope?: boolean;
}

/** Session routes need the cookie; credential routes check the query's username/password. */
export type Route =
  | (RouteBase & { auth: 'session'; handle(ctx: SessionContext): SimReply })
  | (RouteBase & { auth: 'credentials'; handle(ctx: ApiContext): SimReply });

const INVALID_LOGIN = 'Invalid username or password';

function login(ctx: ApiContext): SimReply {
  const agency = ctx.state.agencies.get(ctx.query.text('username') ?? '');
  if (!agency || agency.password !== ctx.query.text('password')) {
    return ok(envelope(1, INVALID_LOGIN));
  }
  const id = ctx.state.sessions.create(agency.username, ctx.now, ctx.state.config.sessionIdleMs);
  ctx.state.stats.count(agency.username, 'logins');
  return ok(envelope(0, 'Success', agency.operatorId), {
    'Set-Cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly`,
  });
}

function insertReservation(ctx: ApiContext): SimReply {
  const { state, query, body } = ctx;
  const agency = state.agencies.get(query.text('username') ?? '');
  if (!agency || agency.password !== query.text('password')) throw new BusinessError(INVALID_LOGIN);
  const first: unknown = Array.isArray(body) ? body[0] : undefined;
  const voucher = query.text('voucherNo') ?? optionalText(first, 'Voucher');
  if (!voucher) throw new BusinessError('voucherNo is required');
  const rooms = readRooms(
    body,
    voucher,
    (id) => isKnownOperator(state, id),
    state.config.hotelIdShift,
  );
  if (state.reservations.byVoucher(voucher, agency.operatorId).length > 0) {
    state.stats.count(agency.username, 'duplicatesRejected');
    throw new BusinessError(`Voucher ${voucher} already exists`, 2);
  }
  const record = state.reservations.insert({
    voucher,
    SourceId: optionalText(rooms[0], 'SourceId'),
    OperatorId: agency.operatorId,
    agency: agency.username,
    rooms,
  });
  state.stats.count(agency.username, 'reservationsCreated');
  return ok([envelope(0, 'Success', record.RecId)]);
}

function updateStopSale({ state, body, agency }: SessionContext): SimReply {
  if (isPhase1(body)) {
    const record = createStopSale(
      state.stopSales,
      body,
      agency.username,
      state.config.hotelIdShift,
    );
    state.stats.count(agency.username, 'stopSalesCreated');
    return ok(envelope(0, 'Success', record.RecId));
  }
  const isOperator = (id: number) => isKnownOperator(state, id);
  const record = completeStopSale(
    state.stopSales,
    body,
    agency.username,
    isOperator,
    state.config.hotelIdShift,
  );
  state.stats.count(agency.username, 'phase2Calls');
  return ok(envelope(0, 'Success', record.RecId));
}

function hotelList({ state, query }: SessionContext): SimReply {
  query.int('operatorId');
  const isActive = query.bool('isActive');
  const hotels = hotelsOf(state.config.hotelIdShift);
  return ok({ Data: hotels.filter((h) => isActive === undefined || h.IsActive === isActive) });
}

function hotelRoomTypes({ state, body }: SessionContext): SimReply {
  if (!Array.isArray(body)) throw new BusinessError('Request body must be an array of hotel ids');
  const ids = new Set(body.map(toInt));
  const rooms = hotelRoomTypesOf(state.config.hotelIdShift);
  return ok({ Data: rooms.filter((r) => ids.has(r.HotelId)) });
}

function stopSaleList({ state, query, agency }: SessionContext): SimReply {
  return ok(
    state.stopSales.list(agency.username, {
      hotelId: query.int('hotelId'),
      stopDateBegin: query.day('stopDateBegin'),
      stopDateEnd: query.day('stopDateEnd'),
      recordDateBegin: query.day('recordDateBegin'),
      recordDateEnd: query.day('recordDateEnd'),
    }),
  );
}

// The real response shape is unknown: an envelope that also carries the overlapping headers.
function checkStopSaleState({ state, body, agency }: SessionContext): SimReply {
  const hotelId = toInt(field(body, 'hotelId'));
  const day = (name: string) => optionalText(body, name)?.slice(0, 10);
  const matching = state.stopSales
    .all()
    .filter((r) => r.agency === agency.username && (hotelId === undefined || r.HotelId === hotelId))
    .filter((r) => overlaps(r, day('beginDate'), day('endDate')))
    .map(headerOf);
  return ok({ ...envelope(0, 'Success'), Data: matching });
}

function reservationByVoucher({ state, query, agency }: SessionContext): SimReply {
  const voucher = query.text('voucher');
  if (!voucher) throw new BusinessError('voucher is required');
  const operatorId = query.int('operatorId') ?? agency.operatorId;
  return ok(state.reservations.byVoucher(voucher, operatorId).map(sednaView));
}

function reservationList({ state, body, agency }: SessionContext): SimReply {
  const filter = {
    voucherNo: optionalText(body, 'VoucherNo') ?? undefined,
    sourceId: optionalText(body, 'SourceId') ?? undefined,
  };
  return ok({ Data: state.reservations.list(agency.username, filter).map(sednaView) });
}

/** Cancelling twice is answered as success: the reservation is cancelled either way. */
function cancelReservation({ state, query, agency }: SessionContext): SimReply {
  const sourceId = query.text('sourceId');
  if (!sourceId) throw new BusinessError('sourceId is required');
  const operatorId = query.int('operatorId') ?? agency.operatorId;
  const record = state.reservations.bySourceId(sourceId, operatorId);
  if (!record) throw new BusinessError(`Reservation with SourceId ${sourceId} not found`);
  record.status = 'cancelled';
  return ok(envelope(0, 'Success', record.RecId));
}

function api(path: string): string {
  return `/api/${path}`.toLowerCase();
}

function lookup(method: string, path: string, handle: (ctx: SessionContext) => SimReply): Route {
  return { method, path: api(path), auth: 'session', action: 'lookup', handle };
}

const constant = (body: unknown) => () => ok(body);

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: api('Integratiion/AgencyLogin'),
    auth: 'credentials',
    action: 'login',
    handle: login,
  },
  {
    method: 'POST',
    path: api('Integratiion/InsertReservation'),
    auth: 'credentials',
    action: 'insertReservation',
    arrayEnvelope: true,
    handle: insertReservation,
  },
  {
    method: 'PUT',
    path: api('Contract/UpdateStopSale'),
    auth: 'session',
    action: (body) => (isPhase1(body) ? 'phase1' : 'phase2'),
    handle: updateStopSale,
  },
  {
    method: 'POST',
    path: api('Integratiion/CancelReservationBySourcId'),
    auth: 'session',
    action: 'cancelReservation',
    handle: cancelReservation,
  },
  lookup('POST', 'Integratiion/GetHotelList', hotelList),
  lookup('POST', 'Integratiion/GetRoomTypeList', constant(ROOM_TYPES)),
  lookup('POST', 'Service1/GetHotelRoomTypelistAll', hotelRoomTypes),
  lookup('GET', 'Service2/GetBoardList', constant({ Data: BOARDS })),
  lookup('POST', 'Integratiion/GetCountrys', constant(COUNTRIES)),
  lookup('GET', 'Integratiion/GetOperators', constant({ Data: OPERATORS })),
  lookup('POST', 'Contract/CheckStopSaleState', checkStopSaleState),
  lookup('POST', 'Integratiion/GetStopSaleList', stopSaleList),
  lookup('GET', 'Reservation/GetReservationByVoucher', reservationByVoucher),
  lookup('POST', 'Integratiion/GetReservations', reservationList),
];

/**
 * Finds the route for a lower-cased path; anything before `/api/` is taken as the deployment's
 * base path (e.g. /SednaAgencyb2bApi), so an api_url with a base path works too.
 */
export function findRoute(method: string, path: string): Route | SimReply {
  const apiPath = path.slice(Math.max(path.indexOf('/api/'), 0)).replace(/\/+$/, '');
  const candidates = ROUTES.filter((r) => r.path === apiPath);
  const route = candidates.find((r) => r.method === method);
  if (route) return route;
  if (candidates.length > 0) {
    return {
      status: 405,
      body: { Message: `The requested resource does not support http method '${method}'.` },
    };
  }
  return {
    status: 404,
    body: { Message: `No HTTP resource was found that matches the request URI '${path}'.` },
  };
}

export function routeAction(route: Route, body: unknown): RequestAction {
  return typeof route.action === 'function' ? route.action(body) : route.action;
}
