import { ApplicationFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';
import { NON_RETRYABLE } from './activity-options';

/** The most specific message in a failure chain: what went wrong, not where. */
export function failureMessage(err: unknown): string {
  let deepest: unknown = err;
  for (let cause = err; cause instanceof TemporalFailure; cause = cause.cause) {
    deepest = cause;
    if (cause instanceof ApplicationFailure) break;
  }
  if (deepest instanceof TimeoutFailure) return `Timed out (${deepest.timeoutType})`;
  return deepest instanceof Error ? deepest.message : String(deepest);
}

/**
 * A failure that a later run may not meet again: retries ran out on a timeout, a 5xx, a 429 or an
 * unreachable Sedna. A rejected item, a Sedna refusal or missing settings are not transient.
 */
export function isTransientFailure(err: unknown): boolean {
  for (let cause = err; cause instanceof TemporalFailure; cause = cause.cause) {
    if (cause instanceof TimeoutFailure) return true;
    if (cause instanceof ApplicationFailure) {
      return !cause.nonRetryable && !NON_RETRYABLE.includes(cause.type ?? '');
    }
  }
  return false;
}
