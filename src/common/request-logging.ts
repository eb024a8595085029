import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { AppLogger } from './logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A caller's request id is kept when it is 1–128 of these characters; otherwise one is made. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is safe to echo and log, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The pattern of the API route that matched (`/api/sync/:id`), or undefined when none did: a
 * pattern with `*` is nestjs-pino's catch-all middleware route (`{/*splat}`), not one of ours.
 */
export function matchedRouteOf(req: IncomingMessage): string | undefined {
  const route = (req as Request).route as { path?: unknown } | undefined;
  if (typeof route?.path !== 'string' || route.path.includes('*')) return undefined;
  return `${(req as Request).baseUrl ?? ''}${route.path}`;
}

/** The matched route's pattern, else the path without its query string. */
function routeOf(req: IncomingMessage): string {
  return matchedRouteOf(req) ?? (req.url ?? '').split('?')[0];
}

function accessFields(req: IncomingMessage, res: ServerResponse, duration: number) {
  return { method: req.method, route: routeOf(req), status: res.statusCode, duration_ms: duration };
}

/**
 * The API's first middleware: gives every request its id (`X-Request-Id`, the caller's when
 * valid), set on the response before anything can answer (errors and SSE included), binds a
 * child logger carrying `request_id` to the request (nestjs-pino logs through it), and writes one
 * access line per request: method, route, status, duration. Headers, bodies and query strings are
 * never logged.
 */
export function requestLogging(logger: AppLogger): HttpLogger {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { duration_ms: number }) =>
      accessFields(req, res, val.duration_ms),
    customErrorObject: (req, res, _err, val: { duration_ms: number }) =>
      accessFields(req, res, val.duration_ms),
  });
}
