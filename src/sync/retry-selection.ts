import { ITEM_ERROR_CODES, type ItemErrorCode, type ItemType } from '../temporal/contract';
import type { UnfinishedItemRow } from './sync.repository';

/**
 * Which unfinished items "Retry failed" sends again. An item that failed because Sedna does not
 * know one of its room or board codes fails the same way until someone changes something (the
 * code in Sedna, or the e-mail's data): a retry leaves it out unless the operator includes it.
 * An unknown hotel is not among them: a hotel mapping, made in place, fixes it.
 */
export const NEEDS_CHANGE_CODES: readonly ItemErrorCode[] = [
  ITEM_ERROR_CODES.roomTypeUnknown,
  ITEM_ERROR_CODES.boardUnknown,
];

export function needsChange(item: { status: string; error_code?: string | null }): boolean {
  return (
    item.status === 'failed' &&
    !!item.error_code &&
    (NEEDS_CHANGE_CODES as readonly string[]).includes(item.error_code)
  );
}

export interface RetrySelection {
  /** What the retry run takes, in the run's order. */
  items: { emailId: number; type: ItemType; itemId: number }[];
  /** Unfinished items left out because they need a change first. */
  skipped: number;
}

/** Of a run's failed, cancelled and never-finished items, those a retry takes; those needing a
 * change only if asked. */
export function selectRetryItems(
  rows: UnfinishedItemRow[],
  includeNeedsChange: boolean,
): RetrySelection {
  const taken = includeNeedsChange ? rows : rows.filter((row) => !needsChange(row));
  return {
    items: taken.map((r) => ({ emailId: r.email_id, type: r.type, itemId: r.item_id })),
    skipped: rows.length - taken.length,
  };
}
