import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Histogram } from 'prom-client';
import { matchedRouteOf } from '../common/request-logging';

/**
 * The `route` of requests no API route matched: unknown paths, requests refused before routing
 * (no valid token, rate limits), and the dashboard's static files.
 */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every API request into `histogram` by method, route TEMPLATE (`/api/sync/:id`, never the
 * path itself, so the label's values are bounded) and status. Mounted first, so it counts the
 * requests refused at the door too. Progress streams (text/event-stream) are left out: they last
 * as long as their client watches (sedna_sse_subscribers counts them).
 */
export function httpMetrics(histogram: Histogram<'method' | 'route' | 'status'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      histogram.observe(
        {
          method: req.method,
          route: matchedRouteOf(req) ?? UNMATCHED_ROUTE,
          status: String(res.statusCode),
        },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
