import type { EmailItem, EmailsRepository } from '../emails/emails.repository';
import type { ScheduledSyncMode } from '../contract/workflows';
import type { SyncRepository } from './sync.repository';

/** Candidates read per page: most schedules find their items in the first. */
const PAGE = 500;

/**
 * A tenant's items a scheduled run takes, oldest e-mail first (then by e-mail, type and id), at
 * most `maxItems`: the unsynced rows of the mode's status (EmailsRepository.unsyncedItems) that
 * no running run still holds, and of `retry-failed` only those whose newest failure was
 * transient (SyncRepository.dueOf). `pending` takes rows never tried or only cancelled; a failed
 * one waits for a person or the nightly retry. Both repositories on the same transaction;
 * `page`: candidates per read.
 */
export async function dueItems(
  emails: EmailsRepository,
  runs: SyncRepository,
  tenantId: string,
  mode: ScheduledSyncMode,
  maxItems: number,
  page = Math.max(maxItems, PAGE),
): Promise<EmailItem[]> {
  const status = mode === 'pending' ? 'pending' : 'failed';
  const due: EmailItem[] = [];
  let after: EmailItem | null = null;
  while (due.length < maxItems) {
    const candidates = await emails.unsyncedItems(tenantId, status, after, page);
    due.push(...(await runs.dueOf(tenantId, mode, candidates)));
    if (candidates.length < page) break;
    after = candidates[candidates.length - 1];
  }
  return due.slice(0, maxItems);
}
