import { ApplicationFailure } from '@temporalio/activity';
import { ItemRejectedError } from '../src/sedna/reference-resolver';
import { SednaError } from '../src/sedna/sedna-errors';
import { ITEM_ERROR_CODES } from '../src/temporal/contract';

/**
 * Failure types the workflows and the retry policy rely on: the item error codes of the
 * contract, plus the login step (never an item's final outcome: the call follows at once).
 */
export const FAILURE_TYPES = {
  sednaRejected: ITEM_ERROR_CODES.sednaRejected,
  notConfigured: ITEM_ERROR_CODES.sednaNotConfigured,
  sessionExpired: ITEM_ERROR_CODES.sednaSessionExpired,
  rateLimited: ITEM_ERROR_CODES.sednaRateLimited,
  unreachable: ITEM_ERROR_CODES.sednaUnreachable,
  itemNotFound: ITEM_ERROR_CODES.itemNotFound,
  internal: ITEM_ERROR_CODES.internal,
  sessionRenewed: 'SednaSessionRenewed',
} as const;

/** Retry at once (the login just made was the attempt's one request). */
const IMMEDIATELY = 10;

/** A rejected item as the workflow reads it: its code as the type, its data as details[0]. */
export function itemRejectedFailure(err: ItemRejectedError): ApplicationFailure {
  return ApplicationFailure.create({
    message: err.message,
    type: err.code,
    nonRetryable: true,
    details: [err.details],
  });
}

/** Turns what a Sedna call threw into the failure Temporal should act on. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ItemRejectedError) return itemRejectedFailure(err);
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
    case 'uncertain':
      return ApplicationFailure.retryable(err.message, FAILURE_TYPES.unreachable);
  }
}

export function sessionRenewed(): ApplicationFailure {
  return ApplicationFailure.create({
    message: 'Logged in to Sedna; the call follows in the next attempt',
    type: FAILURE_TYPES.sessionRenewed,
    nextRetryDelay: IMMEDIATELY,
  });
}
