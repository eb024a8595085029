/**
 * Issue 20 (1), SPEC §12: what the Temporal UI shows, read through the client — the run's and
 * each child's static summary and details, every activity's summary (Phase 1 names the item,
 * Phase 2 its rooms and RecId) and the parent's current details.
 */
import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  reservationEmails,
  startSync,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

// Tests read history events freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A user-metadata payload's text (the default converter: JSON-encoded string). */
function text(payload: Json): string | undefined {
  if (!payload?.data) return undefined;
  return JSON.parse(Buffer.from(payload.data).toString('utf8')) as string;
}

describe('Temporal UI summaries', () => {
  const stack = useSyncStack();
  let syncId: string;
  const ids: { stopSale: number; failed: number; reservation: number } = {
    stopSale: 0,
    failed: 0,
    reservation: 0,
  };
  let stopSaleOrdinal = 0;

  beforeAll(async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const emailIds = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('ui-ss', 'Mandarin Resort', '2027-09-01', '2027-09-05', ['DBL', 'TRP']),
      stopSaleEmail('ui-bad', 'Nowhere Palace Xyzzy', '2027-09-01', '2027-10-02', ['DBL']),
      ...reservationEmails('ui', 1),
    ]);
    syncId = await startSync(stack.api.url, tenant, emailIds);
    await waitForRun(syncId);
    const rows = await queryDb<{ item_id: number; email_id: number; ordinal: number }>(
      `SELECT i.item_id, i.email_id, i.ordinal FROM sync_items i
         JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1`,
      [syncId],
    );
    const byEmail = (emailId: number) => rows.find((r) => r.email_id === emailId)!;
    ids.stopSale = byEmail(emailIds[0]).item_id;
    stopSaleOrdinal = byEmail(emailIds[0]).ordinal;
    ids.failed = byEmail(emailIds[1]).item_id;
    ids.reservation = byEmail(emailIds[2]).item_id;
  });

  const child = (type: string, itemId: number) =>
    stack.temporal.workflow.getHandle(`sync-item-${syncId}-${type}-${itemId}`);

  it('gives the run a summary and keeps its current details to its end', async () => {
    const handle = stack.temporal.workflow.getHandle(`bulk-sync-${syncId}`);
    const description = await handle.describe();
    expect(await description.staticSummary()).toBe('Bulk sync · 3 items · manual');
    // The SDK's metadata query: the details the UI shows (replayed for a closed run).
    const metadata: Json = await handle.query('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toBe('Close the run: partial · 2 synced, 1 failed of 3');
  });

  it('names each child by what it syncs, with its run in the details', async () => {
    const stopSale = await child('stop_sale', ids.stopSale).describe();
    expect(await stopSale.staticSummary()).toBe(
      'Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL, TRP',
    );
    const details = await stopSale.staticDetails();
    expect(details).toContain(`Run \`${syncId}\` · item ${stopSaleOrdinal} of 3`);
    expect(await (await child('stop_sale', ids.failed).describe()).staticSummary()).toBe(
      'Stop sale · Nowhere Palace Xyzzy · 2027-09-01→10-02 · DBL',
    );
    expect(await (await child('reservation', ids.reservation).describe()).staticSummary()).toBe(
      'Reservation · Mandarin Resort · UI0000 · 2027-06-10→06-17 · DBL',
    );
  });

  it('gives every activity a summary: Phase 1 names the item, Phase 2 its rooms and RecId', async () => {
    const history = await child('stop_sale', ids.stopSale).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    const summaries = scheduled.map((e) => [
      e.activityTaskScheduledEventAttributes!.activityType!.name,
      text(e.userMetadata?.summary),
    ]);
    const [{ sedna_rec_id: sednaId }] = await queryDb<{ sedna_rec_id: number }>(
      'SELECT sedna_rec_id FROM stop_sales WHERE id = $1',
      [ids.stopSale],
    );
    expect(summaries).toEqual(
      expect.arrayContaining([
        [
          'createStopSaleHeader',
          'Phase 1: create the header · Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL, TRP',
        ],
        ['attachStopSaleChildren', `Phase 2: attach 2 rooms to RecId ${sednaId}`],
      ]),
    );
    for (const [type, summary] of summaries)
      expect({ type, summary }).toEqual({
        type,
        summary: expect.any(String),
      });
    const reservation = await child('reservation', ids.reservation).fetchHistory();
    const insert = (reservation.events ?? []).find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'insertReservation',
    );
    expect(text(insert?.userMetadata?.summary)).toBe(
      'Insert: Reservation · Mandarin Resort · UI0000 · 2027-06-10→06-17 · DBL',
    );
  });

  it('summarises the steps of the parent and of a failed child', async () => {
    const parent = await stack.temporal.workflow.getHandle(`bulk-sync-${syncId}`).fetchHistory();
    const parentSummaries = (parent.events ?? [])
      .map((e) => text(e.userMetadata?.summary))
      .filter(Boolean);
    expect(parentSummaries).toEqual(
      expect.arrayContaining([
        'Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL, TRP',
        'Load items 1–200',
        'Close the run: partial · 2 synced, 1 failed of 3',
      ]),
    );
    const failed = await child('stop_sale', ids.failed).fetchHistory();
    const failedSummaries = (failed.events ?? [])
      .map((e) => text(e.userMetadata?.summary))
      .filter(Boolean);
    expect(failedSummaries).toEqual(
      expect.arrayContaining(['Store the outcome: failed (HOTEL_NOT_FOUND)']),
    );
  });
});
