import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { EmailItem, EmailsRepository } from '../../src/emails/emails.repository';
import { dueItems } from '../../src/sync/due-items';
import { SyncRepository } from '../../src/sync/sync.repository';
import type { ScheduledSyncMode } from '../../src/contract/workflows';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  reservationEmails,
  stopSaleEmails,
  Tenant,
} from '../support/sync-fixtures';

/**
 * The due items of a scheduled run, read as one statement over the e-mail and sync tables (the
 * query before the e-mail tables' columns moved to EmailsRepository): what dueItems must give.
 */
async function dueInOneQuery(
  tenantId: string,
  mode: ScheduledSyncMode,
  maxItems: number,
): Promise<EmailItem[]> {
  const due =
    mode === 'pending'
      ? `x.status = 'pending'`
      : `x.status = 'failed' AND (
          SELECT f.failure_kind FROM sync_items f
           WHERE f.tenant_id = $1 AND f.item_type = x.item_type AND f.item_id = x.item_id AND f.status = 'failed'
           ORDER BY f.id DESC LIMIT 1) = 'transient'`;
  const rows = await queryDb<{ email_id: number; item_type: 'stop_sale'; item_id: number }>(
    `SELECT x.email_id, x.item_type, x.item_id
       FROM (SELECT email_id, 'stop_sale' AS item_type, id AS item_id, status FROM stop_sales
              WHERE tenant_id = $1 AND NOT sedna_synced
             UNION ALL
             SELECT email_id, 'reservation', id, status FROM reservations
              WHERE tenant_id = $1 AND NOT sedna_synced) x
       JOIN emails e ON e.id = x.email_id
      WHERE ${due}
        AND NOT EXISTS (
          SELECT 1 FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
           WHERE i.tenant_id = $1 AND i.item_type = x.item_type AND i.item_id = x.item_id
             AND r.status = 'running' AND i.status = 'pending')
      ORDER BY e.received_at, x.email_id, x.item_type, x.item_id
      LIMIT $2`,
    [tenantId, maxItems],
  );
  return rows.map((r) => ({ emailId: r.email_id, type: r.item_type, itemId: r.item_id }));
}

describe('due items of a scheduled run (e-mail rows, then sync items)', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let tenant: Tenant;
  let items: EmailItem[];

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    api = await startApi();
    tenant = await createTenant(api.url, sim);
    // Received out of id order, two e-mails at the same instant (then by e-mail id).
    const times = ['10:05', '10:01', '10:03', '10:01', '10:04', '10:00'];
    const emails = [...stopSaleEmails('due', 3, 2), ...reservationEmails('due', 3)].map(
      (email, i) => ({ ...email, received_at: `2026-11-01T${times[i]}:00Z` }),
    );
    const ids = await importEmails(api.url, tenant, emails);
    const rows = await queryDb<{ email_id: number; item_type: 'stop_sale'; item_id: number }>(
      `SELECT email_id, 'stop_sale' AS item_type, id AS item_id FROM stop_sales WHERE email_id = ANY($1)
       UNION ALL
       SELECT email_id, 'reservation', id FROM reservations WHERE email_id = ANY($1)
       ORDER BY item_id, item_type`,
      [ids],
    );
    items = rows.map((r) => ({ emailId: r.email_id, type: r.item_type, itemId: r.item_id }));
    expect(items).toHaveLength(9);
    const runs = new SyncRepository(api.app.get(DataSource));
    const newRun = (planned: EmailItem[]) => {
      const syncId = randomUUID();
      return runs
        .insertRun({
          tenantId: tenant.id,
          syncId,
          workflowId: `bulk-sync-${syncId}`,
          trigger: 'manual',
          requestedBy: null,
          sednaConnection: null,
          items: planned,
        })
        .then(() => syncId);
    };
    // A finished run in which four items failed: two transiently, two not (one of each is held
    // by a running run below).
    const failedRun = await newRun(items.slice(0, 4));
    await queryDb(`UPDATE sync_runs SET status = 'completed' WHERE sync_id = $1`, [failedRun]);
    await queryDb(
      `UPDATE sync_items i SET status = 'failed',
         failure_kind = CASE WHEN i.ordinal % 2 = 1 THEN 'transient' ELSE 'permanent' END
        FROM sync_runs r WHERE r.id = i.sync_run_id AND r.sync_id = $1`,
      [failedRun],
    );
    for (const item of items.slice(0, 4)) {
      const table = item.type === 'stop_sale' ? 'stop_sales' : 'reservations';
      await queryDb(`UPDATE ${table} SET status = 'failed' WHERE id = $1`, [item.itemId]);
    }
    // A synced item is never due.
    await queryDb(`UPDATE reservations SET sedna_synced = true, status = 'success' WHERE id = $1`, [
      items.find((item) => item.type === 'reservation')!.itemId,
    ]);
    // A running run holds a failed item and two pending ones.
    await newRun([items[0], items[5], items[7]]);
  });

  afterAll(async () => {
    await api?.close();
    await sim?.close();
  });

  it.each<ScheduledSyncMode>(['pending', 'retry-failed'])(
    'gives the items, order and limit of one query over both aggregates (%s), at any page size',
    async (mode) => {
      const dataSource = api.app.get(DataSource);
      const all = await dueInOneQuery(tenant.id, mode, 100);
      // The fixture has something to leave out and something to take in each mode.
      expect(all.length).toBeGreaterThan(0);
      expect(all.length).toBeLessThan(mode === 'pending' ? 5 : 4);
      for (const maxItems of [1, 2, 3, 100]) {
        const expected = await dueInOneQuery(tenant.id, mode, maxItems);
        for (const page of [1, 2, 3, 500]) {
          const got = await new SyncRepository(dataSource).transaction((runs, db) =>
            dueItems(new EmailsRepository(db), runs, tenant.id, mode, maxItems, page),
          );
          expect({ maxItems, page, got }).toEqual({ maxItems, page, got: expected });
        }
      }
    },
  );
});
