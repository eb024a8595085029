import type { Client } from '@temporalio/client';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { sleep } from '../../scripts/local-stack';
import {
  createTenant,
  importEmails,
  reservationEmails,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from './sync-fixtures';

// Tests read database rows freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The bulk sync the integration and cluster specs both run: a fresh tenant imports 10 stop-sale
 * e-mails (2 stop sales each) and 10 reservations, syncs them all, and the run completes with
 * its 30 items successful. Returns the tenant, the SyncId and the run's row.
 */
export async function syncThirtyMixedItems(
  apiUrl: string,
  sim: SednaSimulator,
  prefix: string,
): Promise<{ tenant: Tenant; syncId: string; run: Json }> {
  const tenant = await createTenant(apiUrl, sim);
  const ids = await importEmails(apiUrl, tenant, [
    ...stopSaleEmails(prefix, 10, 2),
    ...reservationEmails(prefix, 10),
  ]);
  const syncId = await startSync(apiUrl, tenant, ids);
  const run = await waitForRun(syncId);
  expect(run).toMatchObject({
    status: 'completed',
    total_items: 30,
    successful_count: 30,
    failed_count: 0,
  });
  return { tenant, syncId, run };
}

/**
 * The run of `syncId` and its 30 items (31 workflows; a tenant without a webhook gets no
 * delivery child) become listable in Temporal's visibility store by their SyncId search
 * attribute.
 */
export async function expectThirtyItemRunListed(temporal: Client, syncId: string): Promise<void> {
  let listed = 0;
  for (let tries = 0; tries < 40 && listed < 31; tries++) {
    listed = 0;
    for await (const _ of temporal.workflow.list({ query: `SyncId="${syncId}"` })) listed++;
    if (listed < 31) await sleep(250);
  }
  // And no more: a delivery child would be the 32nd.
  await sleep(500);
  listed = 0;
  for await (const _ of temporal.workflow.list({ query: `SyncId="${syncId}"` })) listed++;
  expect(listed).toBe(31);
}
