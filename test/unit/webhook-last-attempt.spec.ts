import type { RetryPolicy } from '@temporalio/common';
import { isLastAttempt } from '../../activities/webhook-activities';

const policy: RetryPolicy = {
  initialInterval: '2s',
  backoffCoefficient: 2,
  maximumInterval: '10m',
};
const HOUR = 3_600_000;

describe('webhook delivery: the last attempt of the retry horizon', () => {
  const scheduled = 1_000_000;
  const info = (attempt: number) => ({
    attempt,
    retryPolicy: policy,
    scheduledTimestampMs: scheduled,
    scheduleToCloseTimeoutMs: 2 * HOUR,
  });

  it('is not the last while the next backoff fits in the 2 hours', () => {
    expect(isLastAttempt(info(1), scheduled + 1000)).toBe(false);
    // Attempt 12 waits the 10-minute maximum: it fits with 11 minutes left.
    expect(isLastAttempt(info(12), scheduled + 2 * HOUR - 11 * 60_000)).toBe(false);
  });

  it('is the last when the next backoff would end past the horizon', () => {
    expect(isLastAttempt(info(12), scheduled + 2 * HOUR - 9 * 60_000)).toBe(true);
    // Attempt 3 waits 8 s.
    expect(isLastAttempt(info(3), scheduled + 2 * HOUR - 7_000)).toBe(true);
    expect(isLastAttempt(info(3), scheduled + 2 * HOUR - 9_000)).toBe(false);
  });

  it('is never the last without a horizon or a policy, and always at maximumAttempts', () => {
    expect(isLastAttempt({ ...info(50), scheduleToCloseTimeoutMs: 0 }, scheduled + 9 * HOUR)).toBe(
      false,
    );
    expect(isLastAttempt({ ...info(50), retryPolicy: undefined }, scheduled + 9 * HOUR)).toBe(
      false,
    );
    expect(
      isLastAttempt({ ...info(3), retryPolicy: { ...policy, maximumAttempts: 3 } }, scheduled),
    ).toBe(true);
  });
});
