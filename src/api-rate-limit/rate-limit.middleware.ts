import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { JwtVerifier } from '../auth/jwt-verifier';
import { problemBody, sendProblem } from '../common/http-exception.filter';
import { CommonErrorCode } from '../common/problem';
import type { RateScope, SharedRateLimiter } from './shared-rate-limiter';

/** The bearer token of a request: the header, or `?access_token=` (SSE from browsers). */
export function requestToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof query === 'string' ? query : undefined;
}

/** 429 with Retry-After, in the API's error shape. */
export function tooManyRequests(res: Response, waitSeconds: number) {
  const seconds = Math.max(1, Math.ceil(waitSeconds));
  res.setHeader('Retry-After', String(seconds));
  sendProblem(
    res,
    problemBody(
      429,
      CommonErrorCode.RATE_LIMITED,
      `Too many requests for this tenant; retry after ${seconds} s`,
    ),
  );
}

/**
 * The per-tenant request budget, before any other work (body parsing, guards, handlers): the
 * token is verified (an HMAC or RSA check, kept for the auth guard) and the tenant charged.
 * Requests without a valid token are not charged here: they go on to the auth guard's 401, or
 * to a public route (health, metrics, docs).
 */
export function tenantRateLimit(
  verifier: JwtVerifier,
  limiter: SharedRateLimiter,
  scope: RateScope = 'requests',
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = requestToken(req);
    if (!token) return next();
    void verifier
      .verifyFor(req, token)
      .then(
        (auth) => limiter.take(auth.tenantId, scope),
        () => 0,
      )
      .then((wait) => (wait ? tooManyRequests(res, wait) : next()));
  };
}
