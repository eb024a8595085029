import { ApplicationFailure } from '@temporalio/activity';
import { ItemRejectedError } from '../src/sedna/reference-resolver';
import { SednaError } from '../src/sedna/sedna-errors';

/** Failure types the workflows and the retry policy rely on. */
export const FAILURE_TYPES = {
  itemRejected: 'ItemRejected',
  sednaRejected: 'SednaRejected',
  notConfigured: 'SednaNotConfigured',
  sessionRenewed: 'SednaSessionRenewed',
  sessionExpired: 'SednaSessionExpired',
  rateLimited: 'SednaRateLimited',
  unavailable: 'SednaUnavailable',
  uncertain: 'SednaUncertain',
} as const;

/** Retry at once (the login just made was the attempt's one request). */
const IMMEDIATELY = 10;

/** Turns what a Sedna call threw into the failure Temporal should act on. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ItemRejectedError) {
    return ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.itemRejected);
  }
  if (!(err instanceof SednaError)) return err;
  switch (err.kind) {
    case 'rejected':
      return ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.sednaRejected);
    case 'session':
      return ApplicationFailure.create({
        message: err.message,
        type: FAILURE_TYPES.sessionExpired,
        nextRetryDelay: IMMEDIATELY,
      });
    case 'rate-limited':
      return ApplicationFailure.create({
        message: err.message,
        type: FAILURE_TYPES.rateLimited,
        nextRetryDelay: err.retryAfterMs ?? 1000,
      });
    case 'not-sent':
      return ApplicationFailure.retryable(err.message, FAILURE_TYPES.unavailable);
    case 'uncertain':
      return ApplicationFailure.retryable(err.message, FAILURE_TYPES.uncertain);
  }
}

export function sessionRenewed(): ApplicationFailure {
  return ApplicationFailure.create({
    message: 'Logged in to Sedna; the call follows in the next attempt',
    type: FAILURE_TYPES.sessionRenewed,
    nextRetryDelay: IMMEDIATELY,
  });
}
