import { ApplicationFailure } from '@temporalio/activity';
import { ItemRejectedError } from '../src/sedna/reference-resolver';
import { SednaError } from '../src/sedna/sedna-errors';
import { ITEM_ERROR_CODES } from '../src/contract/item-errors';

/** A rejected item as the workflow reads it: its code as the type, its data as details[0]. */
export function itemRejectedFailure(err: ItemRejectedError): ApplicationFailure {
  return ApplicationFailure.create({
    message: err.message,
    type: err.code,
    nonRetryable: true,
    details: [err.details],
  });
}

/** The run's items go to the Sedna it was started on; another one gets nothing of it. */
export function connectionChanged(what: string): ApplicationFailure {
  return itemRejectedFailure(
    new ItemRejectedError(
      `The tenant's Sedna connection changed (PUT /api/settings/sedna) ${what}: the item was ` +
        'not sent to the Sedna now configured (a run sends only to the Sedna it started on). ' +
        'Retry the run to send it there',
      ITEM_ERROR_CODES.sednaConnectionChanged,
    ),
  );
}

/** Retry at once (an expired session: the next attempt logs in first). */
const IMMEDIATELY = 10;

/**
 * Turns what a Sedna call threw into the failure Temporal should act on: its type is the item
 * error code (SednaError.code); the kind decides how soon it is retried.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ItemRejectedError) return itemRejectedFailure(err);
  if (!(err instanceof SednaError)) return err;
  switch (err.kind) {
    case 'rejected':
      return ApplicationFailure.nonRetryable(err.message, err.code);
    case 'session':
      return ApplicationFailure.create({
        message: err.message,
        type: err.code,
        nextRetryDelay: IMMEDIATELY,
      });
    case 'rate-limited':
      return ApplicationFailure.create({
        message: err.message,
        type: err.code,
        nextRetryDelay: err.retryAfterMs ?? 1000,
      });
    case 'not-sent':
    case 'uncertain':
      return ApplicationFailure.retryable(err.message, err.code);
  }
}
