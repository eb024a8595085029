import { ITEM_ERROR_CODES, type ItemErrorCode } from '../contract/item-errors';

/**
 * How a failed Sedna request is treated: not a second taxonomy of failures (an item fails with
 * the code SEDNA_ERROR_CODES gives each kind) but what the retry needs to know. The distinction
 * that matters for exactly-once effects is whether the request may have taken effect
 * ("uncertain") or certainly did not ("not-sent"): both are SEDNA_UNREACHABLE to the tenant.
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

/** The item error code (ITEM_ERROR_CODES, the one list) a failure of each kind fails an item with. */
export const SEDNA_ERROR_CODES = {
  rejected: ITEM_ERROR_CODES.sednaRejected,
  session: ITEM_ERROR_CODES.sednaSessionExpired,
  'rate-limited': ITEM_ERROR_CODES.sednaRateLimited,
  'not-sent': ITEM_ERROR_CODES.sednaUnreachable,
  uncertain: ITEM_ERROR_CODES.sednaUnreachable,
} as const satisfies Record<SednaErrorKind, ItemErrorCode>;

export class SednaError extends Error {
  override name = 'SednaError';

  constructor(
    readonly kind: SednaErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** The item error code it fails an item with. */
  get code(): ItemErrorCode {
    return SEDNA_ERROR_CODES[this.kind];
  }
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

export interface TransportFailure {
  code?: string;
  status?: number;
  retryAfter?: string;
  message: string;
}

/**
 * Classifies an HTTP-level failure (no usable envelope). The wording names no host, port or
 * socket error: the tenant reads it, and it must not tell one closed port from another.
 */
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
  if (status !== undefined && status >= 300 && status < 400) {
    return new SednaError(
      'rejected',
      `${call}: Sedna answered with a redirect (HTTP ${status}), which is not followed`,
    );
  }
  if (status !== undefined)
    return new SednaError('rejected', `${call}: Sedna refused the request (HTTP ${status})`);
  // Not sent: safe to retry. Otherwise (reset, timeout) it may have taken effect.
  const kind = code && NOT_SENT_CODES.has(code) ? 'not-sent' : 'uncertain';
  return new SednaError(kind, `${call}: Sedna is unreachable`);
}

/**
 * The tenant's limit stayed held by its earlier requests, unanswered (a stalled Sedna), for as
 * long as a request may take: nothing was sent.
 */
export function earlierRequestsUnanswered(): SednaError {
  return new SednaError(
    'not-sent',
    "Sedna has not answered this tenant's earlier requests yet, so nothing was sent",
  );
}

/** A 2xx answer that is not Sedna's (not JSON, or not its envelope or list shape). */
export function notSednaResponse(call: string, status: number): SednaError {
  return new SednaError(
    'uncertain',
    `${call}: Sedna answered with something that is not a Sedna response (HTTP ${status})`,
  );
}

/** The connection was refused by the outbound URL rules (SPEC §9): retrying cannot help. */
export function outboundRefused(call: string): SednaError {
  return new SednaError(
    'rejected',
    `${call}: the Sedna URL leads to an address that is not allowed (not a public address)`,
  );
}

/** The stored Sedna URL breaks the form rules (stored before they existed). */
export function badSednaUrl(call: string, reason: string): SednaError {
  return new SednaError('rejected', `${call}: the Sedna URL is not allowed: it ${reason}`);
}

/** `Retry-After` in seconds or as an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}
