import { expectThirtyItemRunListed, syncThirtyMixedItems } from '../support/bulk-sync-scenario';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  simGet,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

describe('bulk sync on Temporal against the Sedna simulator', () => {
  const stack = useSyncStack();

  it('syncs 30 mixed items, each created once with the right children', async () => {
    const { tenant, syncId } = await syncThirtyMixedItems(stack.api.url, stack.sim, 'mix');
    const stopSales = await queryDb('SELECT * FROM stop_sales WHERE tenant_id = $1', [tenant.id]);
    const created = (await simGet(stack.sim, 'stop-sales')) as {
      RecId: number;
      HotelId: number;
      StopSaleRooms: { RoomTypeId: number; StopSaleId: number }[];
    }[];
    const ours = created.filter((s) => stopSales.some((row) => row.sedna_rec_id === s.RecId));
    expect(ours).toHaveLength(20);
    for (const row of stopSales) {
      expect(row).toMatchObject({ sedna_synced: true, status: 'success' });
      const header = ours.find((s) => s.RecId === row.sedna_rec_id)!;
      expect(header.StopSaleRooms).toHaveLength((row.room_types as string[] | null)?.length ?? 0);
      for (const child of header.StopSaleRooms) expect(child.StopSaleId).toBe(header.RecId);
    }
    const reservations = await queryDb('SELECT * FROM reservations WHERE tenant_id = $1', [
      tenant.id,
    ]);
    const simReservations = (await simGet(stack.sim, 'reservations')) as {
      RecId: number;
      voucher: string;
    }[];
    for (const row of reservations) {
      expect(row.sedna_synced).toBe(true);
      expect(simReservations.filter((r) => r.voucher === row.voucher_no)).toHaveLength(1);
    }
    const stats = await simGet(stack.sim, 'stats');
    expect(stats.agencies.demo.duplicatesRejected).toBe(0);
    const emails = await queryDb('SELECT DISTINCT status FROM emails WHERE tenant_id = $1', [
      tenant.id,
    ]);
    expect(emails).toEqual([{ status: 'processed' }]);

    await expectThirtyItemRunListed(stack.temporal, syncId);
  });

  it('reports an already synced item as success without sending it again', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, stopSaleEmails('again', 2));
    await waitForRun(await startSync(stack.api.url, tenant, ids));
    const before = (await simGet(stack.sim, 'stats')).agencies.demo.requests;

    const syncId = await startSync(stack.api.url, tenant, ids);
    const run = await waitForRun(syncId);
    expect(run).toMatchObject({ status: 'completed', successful_count: 2 });
    expect((await simGet(stack.sim, 'stats')).agencies.demo.requests).toBe(before);
    const result = await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, {
      token: tenant.token,
    });
    expect(
      result.body.successful.every(
        (s: { sedna_id: number }) => Number.isInteger(s.sedna_id) && s.sedna_id > 0,
      ),
    ).toBe(true);
  });

  it('fails unknown hotels and room codes with a message naming them', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const emails = stopSaleEmails('bad', 2, 1, (i) =>
      i === 0 ? 'Grand Paradise Resrt' : 'Mandarin Resort',
    );
    emails[1].stop_sales[0].room_types = ['DBL', 'XYZ'];
    const ids = await importEmails(stack.api.url, tenant, emails);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const run = await waitForRun(syncId);
    expect(run).toMatchObject({ status: 'failed', failed_count: 2 });
    const items = await queryDb(
      'SELECT error_message FROM sync_items WHERE sync_run_id = $1 ORDER BY ordinal',
      [run.id],
    );
    expect(items[0].error_message).toMatch(
      /Hotel not found in Sedna: Grand Paradise Resrt; closest: Grand Paradise Resort \(31\)/,
    );
    expect(items[1].error_message).toMatch(/Unknown room type code in Sedna: XYZ/);
  });

  it('rejects empty, unknown and foreign selections before starting anything', async () => {
    const a = await createTenant(stack.api.url, stack.sim);
    const b = await createTenant(stack.api.url, stack.sim);
    const [idA] = await importEmails(stack.api.url, a, stopSaleEmails('own', 1));
    const empty = await call(stack.api.url, 'POST', '/api/sync/emails', {
      token: a.token,
      body: { email_ids: [] },
    });
    expect(empty).toMatchObject({ status: 400, body: { detail: 'No emails selected' } });
    const foreign = await call(stack.api.url, 'POST', '/api/sync/emails', {
      token: b.token,
      body: { email_ids: [idA, 999999] },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe(`Emails not found: ${idA}, 999999`);
    const wrongType = await call(stack.api.url, 'POST', '/api/sync/emails', {
      token: a.token,
      body: { email_ids: ['x'] },
    });
    expect(wrongType.status).toBe(400);
    expect(
      await queryDb('SELECT 1 FROM sync_runs WHERE tenant_id = ANY($1)', [[a.id, b.id]]),
    ).toEqual([]);
  });
});
