import { HttpException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { JwtVerifier } from '../auth/jwt-verifier';
import { problemBody, sendProblem } from '../common/http-exception.filter';
import { CommonErrorCode, defaultCode } from '../common/problem';
import type { RateScope, SharedRateLimiter } from './shared-rate-limiter';
import type { TenantBuckets } from './tenant-buckets';

/** Routes under /api that answer without a token: the OpenAPI document and its page. */
const PUBLIC_API = /^\/api\/docs(?:[-/.]|$)/;

/** Whether the route needs a token: all of /api but the docs (not /health, /metrics, `/`). */
export function needsToken(path: string): boolean {
  return (path === '/api' || path.startsWith('/api/')) && !PUBLIC_API.test(path);
}

/**
 * The bearer token of a request: the header, or `?access_token=` on a GET (the progress stream
 * and the report, which browsers open without headers; the auth guard accepts it there only).
 */
export function requestToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const query = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof query === 'string' ? query : undefined;
}

/** 429 with Retry-After, in the API's error shape. */
export function tooManyRequests(res: Response, waitSeconds: number, who = 'this tenant') {
  const seconds = Math.max(1, Math.ceil(waitSeconds));
  res.setHeader('Retry-After', String(seconds));
  sendProblem(
    res,
    problemBody(
      429,
      CommonErrorCode.RATE_LIMITED,
      `Too many requests for ${who}; retry after ${seconds} s`,
    ),
  );
}

/**
 * An answer sent before the body is read: the connection closes after it, so the rest of the
 * body is never read (nor buffered).
 */
function refuseUnread(res: Response, status: number, code: string, detail: string) {
  res.setHeader('Connection', 'close');
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  sendProblem(res, problemBody(status, code, detail));
}

/**
 * Authentication and the per-tenant request budget, before any other work (body parsing,
 * guards, handlers). On every route that needs a token (needsToken):
 *
 * - no token, or one that does not verify: 401 before a byte of the body is read, and the
 *   connection closed. Such requests have a small budget of their own per client address
 *   (`anonymous`, in this process): over it, 429.
 * - a valid token (verified once, kept for the auth guard): the tenant's shared budget
 *   (`scope`), 429 with Retry-After over it.
 *
 * The auth guard still decides per route (e.g. where `?access_token=` is accepted).
 */
export function authenticateFirst(
  verifier: JwtVerifier,
  limiter: SharedRateLimiter,
  anonymous: TenantBuckets,
  scope: RateScope = 'requests',
): RequestHandler {
  const refuse = (req: Request, res: Response, detail: string) => {
    const wait = anonymous.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!wait) return refuseUnread(res, 401, CommonErrorCode.UNAUTHENTICATED, detail);
    res.setHeader('Connection', 'close');
    tooManyRequests(res, wait, 'this address without a valid token');
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (!needsToken(req.path)) return next();
    const token = requestToken(req);
    if (!token) return refuse(req, res, 'Not authenticated');
    verifier.verifyFor(req, token).then(
      (auth) =>
        limiter
          .take(auth.tenantId, scope)
          .then((wait) => (wait ? tooManyRequests(res, wait) : next()), next),
      (err: unknown) => {
        if (!(err instanceof HttpException)) return next(err);
        const status = err.getStatus();
        const body = err.getResponse() as { detail?: unknown; code?: unknown };
        const detail = typeof body.detail === 'string' ? body.detail : err.message;
        if (status === 401) return refuse(req, res, detail);
        const code = typeof body.code === 'string' ? body.code : defaultCode(status);
        refuseUnread(res, status, code, detail);
      },
    );
  };
}
