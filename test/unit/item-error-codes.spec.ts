import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  RetryState,
  TimeoutFailure,
} from '@temporalio/common';
import { itemRejectedFailure, toActivityFailure } from '../../activities/sedna-failures';
import {
  ItemRejectedError,
  resolveCodes,
  resolveHotelId,
} from '../../src/sedna/reference-resolver';
import { SednaError } from '../../src/sedna/sedna-errors';
import { ITEM_ERROR_CODES } from '../../src/contract/item-errors';
import { inSednaWithoutRooms, itemErrorView } from '../../src/contract/item-events';
import { SEDNA_CALL, SEDNA_PHASE2 } from '../../workflows/activity-options';
import { failureCode, isTransientFailure } from '../../workflows/failure-message';

/** Milliseconds of a duration written as in the activity options ('1s', '5m', '6h'). */
function ms(value: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(value);
  if (!match) throw new Error(`unexpected duration ${value}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

const HOTELS = [
  { id: 18, name: 'Mandarin Resort', isActive: true },
  { id: 31, name: 'Grand Paradise Resort', isActive: true },
];

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

/** The chain a child workflow sees: the activity's failure wrapped by Temporal. */
function fromActivity(cause: Error): ActivityFailure {
  return new ActivityFailure(
    'Activity task failed',
    'createStopSaleHeader',
    '3',
    RetryState.NON_RETRYABLE_FAILURE,
    'worker',
    cause,
  );
}

/** What Temporal delivers to the workflow: the failure rebuilt from its payloads. */
function delivered(failure: unknown): ApplicationFailure {
  const f = failure as ApplicationFailure;
  return ApplicationFailure.create({
    message: f.message,
    type: f.type ?? undefined,
    nonRetryable: f.nonRetryable ?? undefined,
    details: f.details as unknown[],
  });
}

describe('item error codes and their data', () => {
  it('names an unknown hotel with its candidates as data', () => {
    const err = thrown(() => resolveHotelId('Mandarin Resrt', null, HOTELS)) as ItemRejectedError;
    expect(err).toBeInstanceOf(ItemRejectedError);
    expect(err.code).toBe('HOTEL_NOT_FOUND');
    expect(err.details).toEqual({
      hotel_name: 'Mandarin Resrt',
      candidates: [{ sedna_hotel_id: 18, name: 'Mandarin Resort' }],
    });
    const { code, details } = failureCode(fromActivity(delivered(itemRejectedFailure(err))));
    expect({ code, details }).toEqual({ code: 'HOTEL_NOT_FOUND', details: err.details });
  });

  it('names unknown room and board codes as data', () => {
    const rooms = thrown(() =>
      resolveCodes('room type', ['DBL', 'xyz', 'Q'], [{ id: 1, code: 'DBL' }]),
    ) as ItemRejectedError;
    expect([rooms.code, rooms.details]).toEqual(['ROOM_TYPE_UNKNOWN', { codes: ['xyz', 'Q'] }]);
    const boards = thrown(() => resolveCodes('board', ['ZZ'], [])) as ItemRejectedError;
    expect([boards.code, boards.details]).toEqual(['BOARD_UNKNOWN', { codes: ['ZZ'] }]);
  });

  it.each([
    [new SednaError('rejected', 'ErrorType 3'), 'SEDNA_REJECTED', true],
    [new SednaError('not-sent', 'unreachable'), 'SEDNA_UNREACHABLE', false],
    [new SednaError('uncertain', 'HTTP 503'), 'SEDNA_UNREACHABLE', false],
    [new SednaError('rate-limited', 'HTTP 429', 500), 'SEDNA_RATE_LIMITED', false],
    [new SednaError('session', 'HTTP 401'), 'SEDNA_SESSION_EXPIRED', false],
  ])('maps a Sedna %p to %s', (err, code, nonRetryable) => {
    const failure = toActivityFailure(err) as ApplicationFailure;
    expect([failure.type, failure.nonRetryable]).toEqual([code, nonRetryable]);
    expect(failureCode(fromActivity(delivered(failure))).code).toBe(code);
  });

  it('reads timeouts, legacy failure types and bugs', () => {
    expect(failureCode(fromActivity(new TimeoutFailure('t', undefined, 'START_TO_CLOSE')))).toEqual(
      { code: 'SEDNA_UNREACHABLE' },
    );
    // Types thrown by workers older than the codes.
    expect(failureCode(fromActivity(ApplicationFailure.retryable('x', 'SednaUncertain')))).toEqual({
      code: 'SEDNA_UNREACHABLE',
    });
    expect(failureCode(fromActivity(ApplicationFailure.nonRetryable('x', 'MissingRecId')))).toEqual(
      { code: 'INTERNAL_ERROR' },
    );
    expect(failureCode(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL_ERROR' });
    // A child that failed (seen by the parent) keeps its activity's code.
    const child = new ChildWorkflowFailure(
      'default',
      { workflowId: 'w', runId: 'r' },
      'syncItemWorkflow',
      RetryState.NON_RETRYABLE_FAILURE,
      fromActivity(ApplicationFailure.nonRetryable('refused', 'SEDNA_REJECTED')),
    );
    expect(failureCode(child).code).toBe('SEDNA_REJECTED');
    expect(failureCode(new CancelledFailure('x')).code).toBe('INTERNAL_ERROR');
  });

  it('counts unreachable and rate-limited as transient, refusals and rejected items as not', () => {
    const transient = (type: string) =>
      isTransientFailure(fromActivity(ApplicationFailure.retryable('x', type)));
    expect(transient(ITEM_ERROR_CODES.sednaUnreachable)).toBe(true);
    expect(transient(ITEM_ERROR_CODES.sednaRateLimited)).toBe(true);
    expect(transient(ITEM_ERROR_CODES.sednaRejected)).toBe(false);
    expect(transient(ITEM_ERROR_CODES.hotelNotFound)).toBe(false);
    expect(transient(ITEM_ERROR_CODES.sednaNotConfigured)).toBe(false);
  });

  it('flags an unfinished stop sale whose header exists, and shows the data flat', () => {
    expect(inSednaWithoutRooms({ type: 'stop_sale', status: 'failed', sedna_id: 823259 })).toBe(
      true,
    );
    expect(inSednaWithoutRooms({ type: 'stop_sale', status: 'cancelled', sedna_id: 1 })).toBe(true);
    expect(inSednaWithoutRooms({ type: 'stop_sale', status: 'success', sedna_id: 1 })).toBe(false);
    expect(inSednaWithoutRooms({ type: 'stop_sale', status: 'failed', sedna_id: null })).toBe(
      false,
    );
    expect(inSednaWithoutRooms({ type: 'reservation', status: 'failed', sedna_id: 1 })).toBe(false);
    expect(
      itemErrorView({
        error: 'Unknown board code in Sedna: ZZ',
        code: 'BOARD_UNKNOWN',
        stage: 'prepare',
        details: { codes: ['ZZ'] },
      }),
    ).toEqual({
      error: 'Unknown board code in Sedna: ZZ',
      code: 'BOARD_UNKNOWN',
      stage: 'prepare',
      codes: ['ZZ'],
    });
    // An outcome of a run begun before the codes existed.
    expect(itemErrorView({ error: 'Cancelled' })).toEqual({ error: 'Cancelled' });
  });
});

describe('retry horizons', () => {
  /** Seconds from the first attempt to the last, with every attempt failing at once. */
  function horizonSeconds(retry: NonNullable<typeof SEDNA_CALL.retry>, attempts: number): number {
    const initial = ms(String(retry.initialInterval)) / 1000;
    const max = ms(String(retry.maximumInterval)) / 1000;
    let total = 0;
    for (let i = 0; i < attempts - 1; i++)
      total += Math.min(max, initial * (retry.backoffCoefficient ?? 2) ** i);
    return total;
  }

  it('lets ordinary Sedna calls ride out 10-15 minutes of outage, bounded', () => {
    const retry = SEDNA_CALL.retry!;
    expect(retry.maximumAttempts).toBeGreaterThan(0);
    const horizon = horizonSeconds(retry, retry.maximumAttempts!);
    expect(horizon).toBeGreaterThanOrEqual(10 * 60);
    expect(horizon).toBeLessThanOrEqual(16 * 60);
  });

  it('retries Phase 2 for hours, with no attempt cap, but never retries a refusal', () => {
    expect(SEDNA_PHASE2.retry?.maximumAttempts ?? 0).toBe(0);
    expect(ms(String(SEDNA_PHASE2.scheduleToCloseTimeout))).toBe(ms('6h'));
    expect(ms(String(SEDNA_PHASE2.retry?.maximumInterval))).toBe(ms('5m'));
    expect(SEDNA_PHASE2.retry?.nonRetryableErrorTypes).toEqual(
      expect.arrayContaining(['SEDNA_REJECTED', 'INTERNAL_ERROR']),
    );
    expect(SEDNA_PHASE2.taskQueue).toBe(SEDNA_CALL.taskQueue);
  });
});
