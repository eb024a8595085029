/** The `/__sim/` control API: fault rules, config, agencies, and what was received. */
import { parseFaultRules } from './faults';
import { SimReply } from './http-io';
import { SimAgency } from './reference-data';
import { BusinessError, requireInt } from './model-binding';
import { changeReservation, simView } from './reservations';
import { changeStopSale, seedStopSale } from './stop-sales';
import { SimConfig, SimState, resetState } from './sim-state';

type ControlHandler = (state: SimState, body: unknown) => unknown;

const CONFIG_KEYS: readonly (keyof SimConfig)[] = [
  'rateLimitPerSecond',
  'sessionIdleMs',
  'latencyMs',
  'hotelIdShift',
];

function updateConfig(state: SimState, body: unknown): SimConfig {
  const patch = asObject(body);
  for (const key of CONFIG_KEYS) {
    const value = patch[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new Error(`${key} must be a non-negative number`);
    }
    state.config[key] = value;
  }
  return state.config;
}

function addAgency(state: SimState, body: unknown): SimAgency {
  const { username, password, operatorId, operatorCode } = asObject(body);
  if (typeof username !== 'string' || username === '') throw new Error('username is required');
  if (typeof password !== 'string') throw new Error('password is required');
  if (!Number.isInteger(operatorId)) throw new Error('operatorId must be an integer');
  if (typeof operatorCode !== 'string' || operatorCode === '') {
    throw new Error('operatorCode is required');
  }
  const agency = { username, password, operatorId: operatorId as number, operatorCode };
  state.agencies.set(username, agency);
  return agency;
}

function agencyOf(state: SimState, body: Record<string, unknown>): string {
  const username = body.agency ?? 'demo';
  if (typeof username !== 'string' || !state.agencies.has(username)) {
    throw new Error(`agency ${String(username)} is not known`);
  }
  return username;
}

/** Runs a drift edit; Sedna's own validation message becomes the 400's `error`. */
function drift<T>(edit: () => T): T {
  try {
    return edit();
  } catch (err) {
    if (err instanceof BusinessError) throw new Error(err.message);
    throw err;
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('Body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

const HANDLERS: Record<string, ControlHandler> = {
  'GET /__sim/stats': (state) => state.stats.snapshot(state.agencies.keys()),
  'GET /__sim/arrivals': (state) => state.stats.arrivals(),
  'GET /__sim/stop-sales': (state) => state.stopSales.all(),
  'GET /__sim/reservations': (state) => state.reservations.all().map(simView),
  'GET /__sim/faults': (state) => ({ rules: state.faults.list() }),
  'POST /__sim/faults': (state, body) => {
    state.faults.set(parseFaultRules(body));
    return { rules: state.faults.list() };
  },
  'DELETE /__sim/faults': (state) => {
    state.faults.clear();
    return { rules: [] };
  },
  // Drift for tests: records changed, deleted or created as if by hand in Sedna's UI. None of
  // these is a Sedna request: they leave the stats untouched.
  'POST /__sim/stop-sales/change': (state, body) =>
    drift(() => changeStopSale(state.stopSales, requireInt(body, 'RecId'), asObject(body))),
  'POST /__sim/stop-sales/delete': (state, body) => {
    const recId = drift(() => requireInt(body, 'RecId'));
    if (!state.stopSales.remove(recId)) throw new Error(`Stop sale ${recId} not found`);
    return { deleted: recId };
  },
  'POST /__sim/stop-sales/add': (state, body) => {
    const fields = asObject(body);
    const agency = agencyOf(state, fields);
    const withDefaults = { DeclareDate: new Date().toISOString().slice(0, 19), ...fields };
    return drift(() =>
      seedStopSale(state.stopSales, withDefaults, agency, state.config.hotelIdShift),
    );
  },
  'POST /__sim/reservations/change': (state, body) =>
    drift(() =>
      simView(changeReservation(state.reservations, requireInt(body, 'RecId'), asObject(body))),
    ),
  'POST /__sim/reservations/delete': (state, body) => {
    const recId = drift(() => requireInt(body, 'RecId'));
    if (!state.reservations.remove(recId)) throw new Error(`Reservation ${recId} not found`);
    return { deleted: recId };
  },
  'GET /__sim/config': (state) => state.config,
  'POST /__sim/config': updateConfig,
  'POST /__sim/agencies': addAgency,
  'POST /__sim/reset': (state) => {
    resetState(state);
    return { ok: true };
  },
  'POST /__sim/expire-sessions': (state) => {
    state.sessions.expireAll();
    return { ok: true };
  },
};

/** `path` is lower-cased; invalid input answers 400 with `{error}`. */
export function handleControl(
  state: SimState,
  method: string,
  path: string,
  raw: string,
): SimReply {
  const handler = HANDLERS[`${method} ${path.replace(/\/+$/, '')}`];
  if (!handler)
    return { status: 404, body: { error: `Unknown control endpoint ${method} ${path}` } };
  try {
    const body: unknown = raw.trim() === '' ? undefined : JSON.parse(raw);
    return { status: 200, body: handler(state, body) };
  } catch (err) {
    return { status: 400, body: { error: (err as Error).message } };
  }
}
