/**
 * Issue 12 over HTTP: result items name their hotel, dates or voucher and room codes; an item
 * that cannot succeed without a change (an unknown room code) says so, names its hotel, and is
 * left out of "Retry failed" unless the operator includes it.
 */
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  startSync,
  stopSaleEmail,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { SyncStack, useSyncStack } from '../support/sync-stack';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Stop sales the simulator holds that start on `day` (YYYY-MM-DD). */
async function simStopSalesFrom(stack: SyncStack, day: string): Promise<Json[]> {
  const all: Json[] = await simGet(stack.sim, 'stop-sales');
  return all.filter((s) => String(s.BeginDate).startsWith(day));
}

describe('item details and items that need a change', () => {
  const stack = useSyncStack();

  const request = (tenant: Tenant, method: string, path: string, body?: unknown) =>
    call(stack.api.url, method, path, { token: tenant.token, body });
  const result = async (tenant: Tenant, syncId: string): Promise<Json> =>
    (await request(tenant, 'GET', `/api/sync/${syncId}/result`)).body;

  it('names hotel, dates or voucher and room codes; flags and skips unknown room codes on retry', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('det-ok', 'Mandarin Resort', '2028-03-01', '2028-03-09', ['DBL', 'TRP']),
      stopSaleEmail('det-xyz', 'Grand Resort Antalya', '2028-04-02', '2028-04-12', ['DBL', 'XYZ']),
      stopSaleEmail('det-hotel', 'Nowhere Palace Xyzzy', '2028-05-03', '2028-05-13', ['DBL']),
      ...reservationEmails('det', 1),
    ]);
    const first = await waitForRun(await startSync(stack.api.url, tenant, ids));
    expect(first).toMatchObject({ status: 'partial', successful_count: 2, failed_count: 2 });

    const body = await result(tenant, first.sync_id);
    const byEmail = (list: Json[], emailId: number) => list.find((i) => i.email_id === emailId);
    expect(byEmail(body.successful, ids[0])).toEqual({
      email_id: ids[0],
      type: 'stop_sale',
      item_id: expect.any(Number),
      hotel_name: 'Mandarin Resort',
      date_from: '2028-03-01',
      date_to: '2028-03-09',
      room_codes: ['DBL', 'TRP'],
      sedna_id: expect.any(Number),
    });
    expect(byEmail(body.successful, ids[3])).toEqual({
      email_id: ids[3],
      type: 'reservation',
      item_id: expect.any(Number),
      hotel_name: 'Mandarin Resort',
      voucher_no: 'DET0000',
      check_in: '2027-06-10',
      check_out: '2027-06-17',
      room_codes: ['DBL'],
      sedna_id: expect.any(Number),
    });
    expect(byEmail(body.failed, ids[1])).toMatchObject({
      code: 'ROOM_TYPE_UNKNOWN',
      codes: ['XYZ'],
      error: 'Unknown room type code in Sedna: XYZ (hotel: Grand Resort Antalya)',
      hotel_name: 'Grand Resort Antalya',
      date_from: '2028-04-02',
      date_to: '2028-04-12',
      room_codes: ['DBL', 'XYZ'],
      needs_change: true,
    });
    expect(byEmail(body.failed, ids[2])).toMatchObject({
      code: 'HOTEL_NOT_FOUND',
      hotel_name: 'Nowhere Palace Xyzzy',
      needs_change: false,
    });
    expect(body).toMatchObject({ retryable_count: 1, needs_change_count: 1 });
    // The progress events carry the same details (here replayed after the run).
    const frames = await readProgress(stack.api.url, first.sync_id, tenant.token).done;
    const events = frames.filter((f) => f.type === 'progress').map((f) => f.data.item);
    expect(byEmail(events, ids[3])).toMatchObject({
      status: 'success',
      hotel_name: 'Mandarin Resort',
      voucher_no: 'DET0000',
      check_in: '2027-06-10',
      check_out: '2027-06-17',
      room_codes: ['DBL'],
    });
    expect(byEmail(events, ids[1])).toMatchObject({
      status: 'failed',
      hotel_name: 'Grand Resort Antalya',
      date_from: '2028-04-02',
      room_codes: ['DBL', 'XYZ'],
    });

    // Someone fixes the e-mail's data: the item could now succeed, but it needs the operator's
    // say-so; the default retry leaves it out.
    await queryDb(
      `UPDATE stop_sales SET room_types = '{DBL}' WHERE tenant_id = $1 AND email_id = $2`,
      [tenant.id, ids[1]],
    );
    const phase1Before = (await simGet(stack.sim, 'stats')).agencies.demo.byAction.phase1;
    const retry = await request(tenant, 'POST', `/api/sync/${first.sync_id}/retry`);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ total_items: 1, skipped_needs_change: 1 });
    const second = await waitForRun(retry.body.sync_id);
    expect(second).toMatchObject({ status: 'failed', total_items: 1 });
    const items = await queryDb(
      'SELECT email_id FROM sync_items WHERE sync_run_id = $1 ORDER BY ordinal',
      [second.id],
    );
    expect(items.map((i) => i.email_id)).toEqual([ids[2]]);
    // Nothing of the left-out stop sale reached Sedna.
    expect(await simStopSalesFrom(stack, '2028-04-02')).toEqual([]);
    expect((await simGet(stack.sim, 'stats')).agencies.demo.byAction.phase1).toBe(phase1Before);
    expect(body.left_behind).toEqual([]);

    // The first run is superseded now; the item it left out stays with the chain: the retry
    // shows it, and a retry of the retry that includes it sends it.
    const secondResult = await result(tenant, second.sync_id);
    expect(secondResult.left_behind).toEqual([
      expect.objectContaining({
        email_id: ids[1],
        type: 'stop_sale',
        code: 'ROOM_TYPE_UNKNOWN',
        hotel_name: 'Grand Resort Antalya',
        needs_change: true,
        from_sync_id: first.sync_id,
      }),
    ]);
    expect(secondResult).toMatchObject({ retryable_count: 1, needs_change_count: 1 });
    const third = await request(tenant, 'POST', `/api/sync/${second.sync_id}/retry`, {
      include_needs_change: true,
    });
    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({ total_items: 2, skipped_needs_change: 0 });
    const thirdRun = await waitForRun(third.body.sync_id);
    expect(thirdRun).toMatchObject({ status: 'partial', successful_count: 1 });
    expect(await simStopSalesFrom(stack, '2028-04-02')).toHaveLength(1);
    expect((await result(tenant, third.body.sync_id)).left_behind).toEqual([]);
  });

  it('refuses a default retry of only such items with a 409 that says so; include_needs_change sends them', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('inc-xyz', 'Grand Resort Antalya', '2028-06-04', '2028-06-14', ['XYZ']),
    ]);
    const first = await waitForRun(await startSync(stack.api.url, tenant, ids));
    expect(first.status).toBe('failed');
    expect(await result(tenant, first.sync_id)).toMatchObject({
      retryable_count: 0,
      needs_change_count: 1,
    });

    const refused = await request(tenant, 'POST', `/api/sync/${first.sync_id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/1 need a change first .*include_needs_change/);
    const bad = await request(tenant, 'POST', `/api/sync/${first.sync_id}/retry`, {
      include_needs_change: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/^include_needs_change: /);

    await queryDb(
      `UPDATE stop_sales SET room_types = '{FAM}' WHERE tenant_id = $1 AND email_id = $2`,
      [tenant.id, ids[0]],
    );
    const retry = await request(tenant, 'POST', `/api/sync/${first.sync_id}/retry`, {
      include_needs_change: true,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ total_items: 1, skipped_needs_change: 0 });
    expect(await waitForRun(retry.body.sync_id)).toMatchObject({ status: 'completed' });
    expect(await simStopSalesFrom(stack, '2028-06-04')).toHaveLength(1);
    expect((await result(tenant, retry.body.sync_id)).successful).toEqual([
      expect.objectContaining({ hotel_name: 'Grand Resort Antalya', room_codes: ['FAM'] }),
    ]);
  });
});
