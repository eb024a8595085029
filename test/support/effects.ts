import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { sleep } from '../../scripts/local-stack';
import { queryDb } from './db';
import { simGet, Tenant } from './sync-fixtures';

/**
 * Each of the tenant's stop sales and reservations is synced and exists exactly once in the
 * simulator. Returns the simulator's stop-sale headers none of the tenant's rows points at (a
 * duplicate left by a lost response, when the simulator served this tenant only).
 */
export async function expectEachCreatedOnce(sim: SednaSimulator, tenant: Tenant) {
  const stopSales = await queryDb(
    'SELECT sedna_rec_id, sedna_synced FROM stop_sales WHERE tenant_id = $1',
    [tenant.id],
  );
  const headers = (await simGet(sim, 'stop-sales')) as {
    RecId: number;
    StopSaleRooms: unknown[];
    StopSaleOperators: unknown[];
  }[];
  for (const row of stopSales) {
    expect(row.sedna_synced).toBe(true);
    const header = headers.find((h) => h.RecId === row.sedna_rec_id);
    expect(header?.StopSaleOperators).toHaveLength(1);
  }
  const reservations = await queryDb(
    'SELECT voucher_no, sedna_synced FROM reservations WHERE tenant_id = $1',
    [tenant.id],
  );
  const created = (await simGet(sim, 'reservations')) as { voucher: string }[];
  for (const row of reservations) {
    expect(row.sedna_synced).toBe(true);
    expect(created.filter((r) => r.voucher === row.voucher_no)).toHaveLength(1);
  }
  const ours = new Set(stopSales.map((row) => row.sedna_rec_id));
  return { orphanHeaders: headers.filter((h) => !ours.has(h.RecId)).length };
}

/** How many of the run's items are no longer pending. */
export async function finishedItems(syncId: string): Promise<number> {
  const [{ done }] = await queryDb(
    `SELECT count(*)::int AS done FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
      WHERE r.sync_id = $1 AND i.status <> 'pending'`,
    [syncId],
  );
  return done;
}

/** Resolves once at least `count` of the run's items are finished. */
export async function untilFinished(syncId: string, count: number): Promise<void> {
  while ((await finishedItems(syncId)) < count) await sleep(100);
}
