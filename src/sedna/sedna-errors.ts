/**
 * How a failed Sedna request is treated. The distinction that matters for exactly-once effects
 * is whether the request may have taken effect ("uncertain") or certainly did not.
 */
export type SednaErrorKind =
  /** Sedna refused the content (ErrorType != 0, 4xx, unknown ids): retrying cannot help. */
  | 'rejected'
  /** 401: the session cookie is missing or expired; log in again, then retry. */
  | 'session'
  /** 429: over the limit; retry after `retryAfterMs`. */
  | 'rate-limited'
  /** The request never reached Sedna (connection refused, DNS): safe to retry. */
  | 'not-sent'
  /** Timeout, reset or 5xx after the request was sent: it may have taken effect. */
  | 'uncertain';

export class SednaError extends Error {
  override name = 'SednaError';

  constructor(
    readonly kind: SednaErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

export interface TransportFailure {
  code?: string;
  status?: number;
  retryAfter?: string;
  message: string;
}

/** Classifies an HTTP-level failure (no usable envelope). */
export function classifyTransportFailure(call: string, failure: TransportFailure): SednaError {
  const { status, code } = failure;
  if (status === 401) return new SednaError('session', `${call}: Sedna session expired (HTTP 401)`);
  if (status === 429) {
    return new SednaError(
      'rate-limited',
      `${call}: rate limited by Sedna (HTTP 429)`,
      retryAfterMs(failure.retryAfter),
    );
  }
  if (status !== undefined && status >= 500) {
    return new SednaError('uncertain', `${call}: Sedna server error (HTTP ${status})`);
  }
  if (status !== undefined)
    return new SednaError('rejected', `${call}: Sedna refused the request (HTTP ${status})`);
  if (code && NOT_SENT_CODES.has(code))
    return new SednaError('not-sent', `${call}: Sedna unreachable (${code})`);
  return new SednaError(
    'uncertain',
    `${call}: no response from Sedna (${code ?? failure.message})`,
  );
}

/** `Retry-After` in seconds or as an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}
