import {
  ActivityFailure,
  ApplicationFailure,
  RetryState,
  TimeoutFailure,
} from '@temporalio/common';
import { isTransientFailure } from '../../workflows/failure-message';

function activityFailure(cause: Error, retryState: RetryState): ActivityFailure {
  return new ActivityFailure('Activity task failed', 'sednaCall', '1', retryState, 'worker', cause);
}

describe('transient item failures (the nightly retry takes these)', () => {
  it.each([
    [
      'Sedna 5xx after the last attempt',
      ApplicationFailure.retryable('HTTP 500', 'SednaUncertain'),
    ],
    [
      'rate limited after the last attempt',
      ApplicationFailure.retryable('HTTP 429', 'SednaRateLimited'),
    ],
    ['Sedna unreachable', ApplicationFailure.retryable('ECONNREFUSED', 'SednaUnavailable')],
    ['a timeout', new TimeoutFailure('timed out', undefined, 'START_TO_CLOSE')],
  ])('%s is transient', (_name, cause) => {
    expect(isTransientFailure(activityFailure(cause, RetryState.MAXIMUM_ATTEMPTS_REACHED))).toBe(
      true,
    );
  });

  it.each([
    ['a rejected item', ApplicationFailure.nonRetryable('Unknown room type code', 'ItemRejected')],
    ['a Sedna refusal', ApplicationFailure.retryable('ErrorType 1', 'SednaRejected')],
    ['missing settings', ApplicationFailure.nonRetryable('not configured', 'SednaNotConfigured')],
  ])('%s is permanent', (_name, cause) => {
    expect(isTransientFailure(activityFailure(cause, RetryState.NON_RETRYABLE_FAILURE))).toBe(
      false,
    );
  });

  it('treats a failure raised by the workflow itself, or a bug, as permanent', () => {
    expect(isTransientFailure(ApplicationFailure.nonRetryable('lists could not be loaded'))).toBe(
      false,
    );
    expect(isTransientFailure(new TypeError('x is undefined'))).toBe(false);
  });
});
