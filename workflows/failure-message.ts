import { ApplicationFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';

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
