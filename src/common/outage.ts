import { CommonErrorCode } from './problem';

/**
 * Which dependency an error says is down, if any: PostgreSQL (socket errors, the server's
 * shutdown/startup codes 57P0x, class 08 connection exceptions, too many connections, the pool's
 * own text-only connect errors) or Temporal (the client's ServiceError, gRPC UNAVAILABLE or
 * DEADLINE_EXCEEDED). Looks through `cause` and TypeORM's `driverError`. Errors of the Sedna
 * client (axios) are not ours to classify: its callers turn them into their own answers.
 */
export type Outage = 'database' | 'temporal';

export const OUTAGE_DETAIL: Record<Outage, string> = {
  database: 'Database unavailable, try again',
  temporal: 'Temporal unavailable, try again',
};

export const OUTAGE_CODE: Record<Outage, CommonErrorCode> = {
  database: CommonErrorCode.DATABASE_UNAVAILABLE,
  temporal: CommonErrorCode.TEMPORAL_UNAVAILABLE,
};

/** Seconds a client is asked to wait before trying again. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
// pg and pg-pool raise these without a code.
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
  isAxiosError?: unknown;
}

export function outageOf(err: unknown): Outage | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let temporal = false;
  while (queue.length && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { name, code, message, isAxiosError } = e as ErrorLike;
    if (isAxiosError) return undefined;
    // Everything under a Temporal client error is about Temporal, sockets included.
    if (name === 'ServiceError') temporal = true;
    if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return 'temporal';
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code)) return temporal ? 'temporal' : 'database';
      if (PG_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'database';
    }
    if (!temporal && typeof message === 'string' && PG_MESSAGES.some((m) => message.startsWith(m)))
      return 'database';
    const { cause, driverError, errors } = e as ErrorLike;
    queue.push(cause, driverError, ...(Array.isArray(errors) ? errors : []));
  }
  if (temporal && typeof (err as ErrorLike)?.message === 'string') {
    // The client's own connect failure carries no gRPC code.
    if (((err as ErrorLike).message as string).startsWith('Failed to connect')) return 'temporal';
  }
  return undefined;
}
