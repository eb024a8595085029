import { needsChange } from '../contract/item-events';
import type { ItemType } from '../contract/statuses';
import type { ChainItemRow } from './sync.repository';

// Which unfinished items need a change first (needs_change) is the contract's needsChange:
// the result items and the progress events say it the same way.
export { needsChange };

export interface RetrySelection {
  /** What the retry run takes, in the run's order. */
  items: { emailId: number; type: ItemType; itemId: number }[];
  /** Unfinished items left out because they need a change first. */
  skipped: number;
}

/** Of a run's failed, cancelled and never-finished items (and those its retry chain left
 * behind), those a retry takes; those needing a change only if asked. */
export function selectRetryItems(
  rows: Pick<ChainItemRow, 'email_id' | 'type' | 'item_id' | 'status' | 'error_code'>[],
  includeNeedsChange: boolean,
): RetrySelection {
  const taken = includeNeedsChange ? rows : rows.filter((row) => !needsChange(row));
  return {
    items: taken.map((r) => ({ emailId: r.email_id, type: r.type, itemId: r.item_id })),
    skipped: rows.length - taken.length,
  };
}
