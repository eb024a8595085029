import { ApplicationFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';
import {
  ITEM_ERROR_CODES,
  itemErrorCodeOf,
  knownItemErrorCode,
  NON_RETRYABLE_CODES,
  type ItemErrorCode,
  type ItemErrorDetails,
} from '../src/contract/item-errors';

/** The innermost failure that says what went wrong (an ApplicationFailure or a timeout). */
function deepestFailure(err: unknown): unknown {
  let deepest: unknown = err;
  for (let cause = err; cause instanceof TemporalFailure; cause = cause.cause) {
    deepest = cause;
    if (cause instanceof ApplicationFailure) break;
  }
  return deepest;
}

/** The most specific message in a failure chain: what went wrong, not where. */
export function failureMessage(err: unknown): string {
  const deepest = deepestFailure(err);
  if (deepest instanceof TimeoutFailure) return `Timed out (${deepest.timeoutType})`;
  return deepest instanceof Error ? deepest.message : String(deepest);
}

/**
 * The item error code of a failure chain and the data that came with it: an activity's failure
 * type is its code (details[0] its data); a timeout means Sedna did not answer in time; an
 * unknown type (a bug, a workflow error) is INTERNAL_ERROR.
 */
export function failureCode(err: unknown): { code: ItemErrorCode; details?: ItemErrorDetails } {
  const deepest = deepestFailure(err);
  if (deepest instanceof TimeoutFailure) return { code: ITEM_ERROR_CODES.sednaUnreachable };
  if (!(deepest instanceof ApplicationFailure)) return { code: ITEM_ERROR_CODES.internal };
  const code = itemErrorCodeOf(deepest.type);
  const data: unknown = deepest.details?.[0];
  const details =
    data && typeof data === 'object' && !Array.isArray(data)
      ? (data as ItemErrorDetails)
      : undefined;
  return details ? { code, details } : { code };
}

/**
 * A failure that a later run may not meet again: retries ran out on a timeout, a 5xx, a 429 or an
 * unreachable Sedna. A rejected item, a Sedna refusal or missing settings are not transient.
 */
export function isTransientFailure(err: unknown): boolean {
  for (let cause = err; cause instanceof TemporalFailure; cause = cause.cause) {
    if (cause instanceof TimeoutFailure) return true;
    if (cause instanceof ApplicationFailure) {
      const code = knownItemErrorCode(cause.type);
      return !cause.nonRetryable && !(code && NON_RETRYABLE_CODES.includes(code));
    }
  }
  return false;
}
