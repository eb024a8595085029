/** HTTP server for the Sedna simulator: request pipeline (stats, rate limit, auth, faults). */
import http, { IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { handleControl } from './control-api';
import { FaultDecision, FaultTarget, RequestAction } from './faults';
import {
  SimReply,
  aspNetError,
  dropConnection,
  envelope,
  ok,
  parseJson,
  readBody,
  readCookie,
  sendReply,
  tooManyRequests,
  unauthorized,
} from './http-io';
import { BusinessError, Query, ServerError, field, toInt } from './model-binding';
import { SimAgency } from './reference-data';
import { ApiContext, Route, findRoute, routeAction } from './sedna-api';
import { SESSION_COOKIE } from './sessions';
import { DEFAULT_CONFIG, SimState, createState, defaultAgencies } from './sim-state';

export type { SimAgency } from './reference-data';
export type { FaultKind, FaultRule, SimAction } from './faults';
export type { AgencyStats } from './stats';

export interface SednaSimOptions {
  port?: number;
  host?: string;
  rateLimitPerSecond?: number;
  sessionIdleMs?: number;
  latencyMs?: number;
  /** Added to every seeded hotel id: another Sedna, listing the same hotels under other ids. */
  hotelIdShift?: number;
  agencies?: SimAgency[];
}

export interface SednaSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Stats key for calls no agency can be read from (no session, unknown username). */
const ANONYMOUS = '(anonymous)';

export async function startSednaSimulator(opts: SednaSimOptions = {}): Promise<SednaSimulator> {
  const state = createState(
    {
      rateLimitPerSecond: opts.rateLimitPerSecond ?? DEFAULT_CONFIG.rateLimitPerSecond,
      sessionIdleMs: opts.sessionIdleMs ?? DEFAULT_CONFIG.sessionIdleMs,
      latencyMs: opts.latencyMs ?? DEFAULT_CONFIG.latencyMs,
      hotelIdShift: opts.hotelIdShift ?? DEFAULT_CONFIG.hotelIdShift,
    },
    opts.agencies ?? defaultAgencies(),
  );
  const sleeper = new Sleeper();
  const server = http.createServer((req, res) => {
    serve(state, sleeper, req, res).catch((err: unknown) => sendReply(res, crashReply(err)));
  });
  const host = opts.host ?? '127.0.0.1';
  await listen(server, opts.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => (closing ??= shutdown(server, sleeper)),
  };
}

async function serve(
  state: SimState,
  sleeper: Sleeper,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sedna-sim');
  const path = url.pathname.toLowerCase();
  const raw = await readBody(req);
  if (path.startsWith('/__sim/')) return sendReply(res, handleControl(state, method, path, raw));
  const route = findRoute(method, path);
  if (!('handle' in route)) return sendReply(res, route);
  const query = new Query(url.searchParams);
  await serveSedna(state, sleeper, route, { req, res, query, body: parseJson(raw) });
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  query: Query;
  body: unknown;
}

/** Order matters: count, rate-limit, authenticate, then faults and latency, then the effect. */
async function serveSedna(state: SimState, sleeper: Sleeper, route: Route, ex: Exchange) {
  const now = Date.now();
  const cookie = readCookie(ex.req.headers.cookie, SESSION_COOKIE);
  const session =
    route.auth === 'session'
      ? state.sessions.use(cookie, now, state.config.sessionIdleMs)
      : undefined;
  const agency = state.agencies.get(
    (route.auth === 'session' ? session?.username : ex.query.text('username')) ?? '',
  );
  const action = routeAction(route, ex.body);
  state.stats.record(agency?.username ?? ANONYMOUS, action, now);
  if (agency && !state.limiter.admit(agency.username, now, state.config.rateLimitPerSecond)) {
    state.stats.count(agency.username, 'rateLimited');
    return sendReply(ex.res, tooManyRequests());
  }
  const ctx: ApiContext = { state, query: ex.query, body: ex.body, now };
  const handler = bindHandler(route, ctx, session?.valid ? agency : undefined);
  if (!handler) return sendReply(ex.res, unauthorized());
  const decision = state.faults.decide(faultTarget(action, agency, ex));
  if (!(await sleeper.wait(state.config.latencyMs + decision.latencyMs))) return;
  respond(ex, route, decision, handler);
}

function bindHandler(
  route: Route,
  ctx: ApiContext,
  sessionAgency: SimAgency | undefined,
): (() => SimReply) | undefined {
  if (route.auth === 'credentials') return () => route.handle(ctx);
  return sessionAgency && (() => route.handle({ ...ctx, agency: sessionAgency }));
}

function faultTarget(
  action: RequestAction,
  agency: SimAgency | undefined,
  ex: Exchange,
): FaultTarget {
  const first: unknown = Array.isArray(ex.body) ? ex.body[0] : ex.body;
  const voucher = field(first, 'Voucher') ?? field(first, 'VoucherNo');
  return {
    action,
    username: agency?.username ?? ex.query.text('username'),
    hotelId: toInt(ex.query.text('hotelId')) ?? toInt(field(first, 'HotelId')),
    voucher:
      ex.query.text('voucherNo') ??
      ex.query.text('voucher') ??
      (typeof voucher === 'string' ? voucher : undefined),
  };
}

function respond(ex: Exchange, route: Route, decision: FaultDecision, handler: () => SimReply) {
  switch (decision.kind) {
    case 'timeout':
      return; // held: the client has to give up on its own
    case 'reset':
      return dropConnection(ex.req);
    case 'http500':
      return sendReply(ex.res, aspNetError(500, 'Simulated server error', 'System.Exception'));
    case 'http429':
      return sendReply(ex.res, tooManyRequests());
    case 'business-error':
      return sendReply(ex.res, failureReply(route, new BusinessError('Simulated business error')));
    case 'lost-response':
      execute(route, handler);
      return dropConnection(ex.req);
    case undefined:
      return sendReply(ex.res, execute(route, handler));
  }
}

function execute(route: Route, handler: () => SimReply): SimReply {
  try {
    return handler();
  } catch (err) {
    return failureReply(route, err);
  }
}

function failureReply(route: Route, err: unknown): SimReply {
  if (err instanceof BusinessError) {
    const body = envelope(err.errorType, err.message);
    return ok(route.arrayEnvelope ? [body] : body);
  }
  if (err instanceof ServerError) return aspNetError(500, err.message, err.exceptionType);
  throw err;
}

function crashReply(err: unknown): SimReply {
  return aspNetError(500, err instanceof Error ? err.message : String(err), 'System.Exception');
}

/** Latency timers, cancelled on close so a closing simulator never commits a late effect. */
class Sleeper {
  private readonly pending = new Map<NodeJS.Timeout, (elapsed: boolean) => void>();

  wait(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Also destroys held (timeout-fault) and keep-alive sockets, so close never hangs. */
function shutdown(server: Server, sleeper: Sleeper): Promise<void> {
  sleeper.cancelAll();
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
