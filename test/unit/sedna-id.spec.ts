/**
 * Sedna's record id is a number in the current code; histories recorded before API 1.2.0 hold
 * it as text and completeItem's result under `phase1RecId`. The shapes below are the ones the
 * recorded histories (test/replay/histories) carry; the workflows read them through these.
 */
import { completedItemOf, preparedItemOf } from '../../src/contract/activities';
import { sednaIdOf } from '../../src/contract/sedna-id';
import { itemOutcomeOf } from '../../src/contract/sync-item';

describe('Sedna id as recorded by any version', () => {
  it('reads text and numbers as the number; absent or unreadable as undefined', () => {
    expect(sednaIdOf('823278')).toBe(823278);
    expect(sednaIdOf(823278)).toBe(823278);
    expect(sednaIdOf(null)).toBeUndefined();
    expect(sednaIdOf(undefined)).toBeUndefined();
    expect(sednaIdOf('')).toBeUndefined();
    expect(sednaIdOf('null')).toBeUndefined();
  });

  it("reads completeItem's result in every recorded shape", () => {
    expect(completedItemOf({ sednaId: 823268, seq: 1 })).toEqual({ sednaId: 823268, seq: 1 });
    expect(completedItemOf({ phase1RecId: 823268, seq: 1 })).toEqual({ sednaId: 823268, seq: 1 });
    expect(completedItemOf({ phase1RecId: null })).toEqual({ sednaId: null });
    expect(completedItemOf(823268)).toEqual({ sednaId: 823268 });
    expect(completedItemOf(null)).toEqual({ sednaId: null });
    expect(completedItemOf(undefined)).toEqual({ sednaId: null });
  });

  it("reads prepareItem's synced result with the id as text or a number", () => {
    expect(preparedItemOf({ kind: 'synced', sednaId: '823278' })).toEqual({
      kind: 'synced',
      sednaId: 823278,
    });
    expect(preparedItemOf({ kind: 'synced', sednaId: 823278 })).toEqual({
      kind: 'synced',
      sednaId: 823278,
    });
    const ready = { kind: 'ready' as const, refs: { hotelId: 1, roomTypeIds: [], boardIds: [] } };
    expect(preparedItemOf(ready)).toBe(ready);
  });

  it("reads a child's outcome with the id as text (success, failed, cancelled)", () => {
    expect(itemOutcomeOf({ status: 'success', sednaId: '823259', seq: 5 })).toEqual({
      status: 'success',
      sednaId: 823259,
      seq: 5,
    });
    expect(
      itemOutcomeOf({
        status: 'cancelled',
        error: 'Cancelled',
        code: 'CANCELLED',
        stage: 'phase2',
        sednaId: '823266',
      }),
    ).toEqual({
      status: 'cancelled',
      error: 'Cancelled',
      code: 'CANCELLED',
      stage: 'phase2',
      sednaId: 823266,
    });
    expect(itemOutcomeOf({ status: 'failed', error: 'x', code: 'SEDNA_REJECTED' })).toEqual({
      status: 'failed',
      error: 'x',
      code: 'SEDNA_REJECTED',
    });
  });
});
