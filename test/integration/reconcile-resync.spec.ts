/**
 * Issue 20 (5), SPEC §12: a drift check's "re-sync" runs the missing and different items through
 * the normal sync (a BulkSync run in History) — a stop sale whose header is still in Sedna goes
 * straight to Phase 2 with its RecId (no second Phase 1), one Sedna lost is created afresh — and
 * refuses, naming them, the items it cannot take. Real Temporal, PostgreSQL, the simulator (drift
 * made with its control API, its state and request counts read over HTTP) and the API over HTTP.
 */
import { DataSource } from 'typeorm';
import { EmailsRepository } from '../../src/emails/emails.repository';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { problem } from '../support/problem';
import { runCheck, waitForCheck } from '../support/reconcile-fixtures';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmail,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Row {
  id: number;
  rec: number | null;
  synced: boolean;
}

describe('re-sync of a drift check', () => {
  const stack = useSyncStack();
  let tenant: Tenant;
  const ss: Record<string, Row & { tag: string }> = {};
  const res: Record<string, Row> = {};
  let check: Json;
  /** The check's item id of a stop sale or reservation row. */
  const itemOf = (type: string, row: Row) =>
    check.items.find((i: Json) => i.type === type && i.item_id === row.id);

  const request = (method: string, path: string, body?: unknown, token = tenant.token) =>
    call(stack.api.url, method, path, { token, body });
  const resync = (body: unknown = {}, id = check.reconcile_id) =>
    request('POST', `/api/reconcile/${id}/resync`, body);
  const demoStats = async () => (await simGet(stack.sim, 'stats')).agencies.demo;
  const rows = async () => ({
    stopSales: await queryDb<Row>(
      `SELECT id, sedna_rec_id AS rec, sedna_synced AS synced FROM stop_sales WHERE tenant_id = $1 ORDER BY id`,
      [tenant.id],
    ),
    reservations: await queryDb<Row>(
      `SELECT id, sedna_rec_id AS rec, sedna_synced AS synced FROM reservations WHERE tenant_id = $1 ORDER BY id`,
      [tenant.id],
    ),
    runs: await queryDb('SELECT sync_id FROM sync_runs WHERE tenant_id = $1', [tenant.id]),
  });

  beforeAll(async () => {
    tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('rs-match', 'Mandarin Resort', '2027-03-01', '2027-03-05', ['DBL', 'TRP']),
      stopSaleEmail('rs-deleted', 'Mandarin Resort', '2027-03-10', '2027-03-12', ['DBL']),
      stopSaleEmail('rs-rooms', 'Grand Resort Antalya', '2027-04-01', '2027-04-05', ['DBL']),
      stopSaleEmail('rs-open', 'Grand Resort Antalya', '2027-04-20', '2027-04-25', ['DBL']),
      stopSaleEmail('rs-dates', 'Grand Resort Antalya', '2027-04-10', '2027-04-15', ['DBL']),
      ...reservationEmails('rsr', 3),
    ]);
    expect((await waitForRun(await startSync(stack.api.url, tenant, ids))).status).toBe(
      'completed',
    );
    const stopSales = await queryDb<Row & { tag: string }>(
      `SELECT s.id, e.message_id AS tag, s.sedna_rec_id AS rec, s.sedna_synced AS synced
         FROM stop_sales s JOIN emails e ON e.id = s.email_id WHERE s.tenant_id = $1`,
      [tenant.id],
    );
    for (const s of stopSales) ss[s.tag.replace('@test', '').replace('rs-', '')] = s;
    const reservations = await queryDb<Row>(
      `SELECT id, sedna_rec_id AS rec, sedna_synced AS synced FROM reservations
        WHERE tenant_id = $1 ORDER BY voucher_no`,
      [tenant.id],
    );
    [res.match, res.deleted, res.changed] = reservations;

    // Drift, made in Sedna as by hand (the control API: no Sedna request is counted).
    await simPost(stack.sim, 'stop-sales/delete', { RecId: ss.deleted.rec });
    await simPost(stack.sim, 'stop-sales/change', { RecId: ss.rooms.rec, RoomRemark: 'DBL,SGL' });
    await simPost(stack.sim, 'stop-sales/change', { RecId: ss.open.rec, StopType: 1 });
    await simPost(stack.sim, 'stop-sales/change', {
      RecId: ss.dates.rec,
      EndDate: '2027-04-17T00:00:00',
    });
    await simPost(stack.sim, 'stop-sales/add', {
      HotelId: (
        await queryDb<{ h: number }>('SELECT sedna_hotel_id AS h FROM stop_sales WHERE id = $1', [
          ss.match.id,
        ])
      )[0].h,
      BeginDate: '2027-03-20T00:00:00',
      EndDate: '2027-03-22T00:00:00',
      RoomRemark: 'FAM',
      OperatorRemark: '7STAR,',
    });
    await simPost(stack.sim, 'reservations/delete', { RecId: res.deleted.rec });
    await simPost(stack.sim, 'reservations/change', { RecId: res.changed.rec, Adult: 3 });

    check = await runCheck(stack.api.url, tenant);
    expect(check.counts).toEqual({
      match: 2,
      missing_in_sedna: 2,
      different: 4,
      only_in_sedna: 1,
      total: 9,
    });
  }, 180_000);

  it('refuses, naming them, items it cannot take; nothing changes', async () => {
    const before = await rows();
    const match = itemOf('stop_sale', ss.match);
    const refused = await resync({ item_ids: [match.id] });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual(
      problem(409, 'ITEMS_NOT_RESYNCABLE', expect.stringContaining(String(match.id)), {
        items: [
          {
            id: match.id,
            type: 'stop_sale',
            item_id: ss.match.id,
            outcome: 'match',
            reason: 'matches_sedna',
          },
        ],
      }),
    );

    // One that could go (rooms) is refused with the others: all or nothing.
    const extra = check.items.find((i: Json) => i.outcome === 'only_in_sedna');
    const mixed = await resync({
      item_ids: [
        itemOf('stop_sale', ss.rooms).id,
        extra.id,
        itemOf('stop_sale', ss.dates).id,
        itemOf('reservation', res.changed).id,
      ],
    });
    expect(mixed.status).toBe(409);
    expect(mixed.body.code).toBe('ITEMS_NOT_RESYNCABLE');
    expect(mixed.body.items.map((i: Json) => [i.outcome, i.reason]).sort()).toEqual([
      ['different', 'no_reservation_update'],
      ['different', 'sedna_keeps_hotel_and_dates'],
      ['only_in_sedna', 'no_row_here'],
    ]);

    const unknown = await resync({ item_ids: [match.id, 2_000_000_000] });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(
      problem(404, 'RECONCILE_ITEMS_NOT_FOUND', expect.any(String), {
        item_ids: [2_000_000_000],
      }),
    );
    const other = await createTenant(stack.api.url, stack.sim);
    const foreign = await request(
      'POST',
      `/api/reconcile/${check.reconcile_id}/resync`,
      {},
      other.token,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('RECONCILE_NOT_FOUND');
    const badBody = await resync({ item_ids: ['x'] });
    expect(badBody.status).toBe(400);
    expect(badBody.body.code).toBe('VALIDATION_FAILED');
    expect(badBody.body.errors[0].field).toMatch(/^item_ids/);
    const badId = await request('POST', '/api/reconcile/not-a-uuid/resync', {});
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('INVALID_ID');

    expect(await rows()).toEqual(before);
  });

  it('counts in a dry run what the default re-sync takes, starting nothing', async () => {
    const before = await rows();
    const dry = await resync({ dry_run: true });
    expect(dry.status).toBe(200);
    const taken = [
      itemOf('stop_sale', ss.deleted),
      itemOf('stop_sale', ss.rooms),
      itemOf('stop_sale', ss.open),
      itemOf('reservation', res.deleted),
    ].map((i: Json) => i.id);
    expect(dry.body).toEqual({
      dry_run: true,
      reconcile_id: check.reconcile_id,
      count: 4,
      item_ids: taken.sort((a, b) => a - b),
      phase2_only: 2,
      afresh: 2,
      // The missing and different items it cannot take (only_in_sedna is neither).
      left_out: [
        {
          id: itemOf('stop_sale', ss.dates).id,
          type: 'stop_sale',
          item_id: ss.dates.id,
          outcome: 'different',
          reason: 'sedna_keeps_hotel_and_dates',
        },
        {
          id: itemOf('reservation', res.changed).id,
          type: 'reservation',
          item_id: res.changed.id,
          outcome: 'different',
          reason: 'no_reservation_update',
        },
      ],
    });
    expect(await rows()).toEqual(before);
  });

  let syncId: string;
  it('re-syncs through a normal run: Phase 2 alone where the header exists, afresh where it is gone', async () => {
    const before = await demoStats();
    const started = await resync({});
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      dry_run: false,
      count: 4,
      phase2_only: 2,
      afresh: 2,
      status: 'started',
      sync_id: expect.any(String),
    });
    syncId = started.body.sync_id;
    const run = await waitForRun(syncId);
    expect(run).toMatchObject({
      status: 'completed',
      trigger: 'manual',
      total_items: 4,
      successful_count: 4,
    });
    const after = await demoStats();
    const delta = (action: string) =>
      (after.byAction[action] ?? 0) - (before.byAction[action] ?? 0);
    // Phase 1 once: the deleted stop sale's new header. The two headers still in Sedna: Phase 2 only.
    expect(delta('phase1')).toBe(1);
    expect(delta('phase2')).toBe(3);
    expect(delta('insertReservation')).toBe(1);
    expect(after.stopSalesCreated - before.stopSalesCreated).toBe(1);
    expect(after.reservationsCreated - before.reservationsCreated).toBe(1);
    console.log(
      `re-sync of 4 items (2 phase 2 only, 2 afresh): ${after.requests - before.requests} Sedna requests`,
      JSON.stringify(
        Object.fromEntries(
          Object.keys(after.byAction)
            .map((a) => [a, delta(a)])
            .filter(([, n]) => n),
        ),
      ),
    );

    // The database: headers kept where they exist, new ids where Sedna lost them.
    const now = await rows();
    const row = (list: Row[], id: number) => list.find((r) => r.id === id)!;
    expect(row(now.stopSales, ss.rooms.id)).toEqual({
      id: ss.rooms.id,
      rec: ss.rooms.rec,
      synced: true,
    });
    expect(row(now.stopSales, ss.open.id).rec).toBe(ss.open.rec);
    const recreated = row(now.stopSales, ss.deleted.id);
    expect(recreated.synced).toBe(true);
    expect(recreated.rec).not.toBe(ss.deleted.rec);
    const reinserted = row(now.reservations, res.deleted.id);
    expect(reinserted.synced).toBe(true);
    expect(reinserted.rec).not.toBe(res.deleted.rec);

    // Sedna (the simulator's state over HTTP) holds the right records again.
    const stored: Json[] = await simGet(stack.sim, 'stop-sales');
    const byRec = (rec: number | null) => stored.find((s) => s.RecId === rec);
    expect(byRec(ss.rooms.rec)).toMatchObject({ RoomRemark: 'DBL', phase2Calls: 2 });
    expect(byRec(ss.open.rec)).toMatchObject({ StopType: 0, phase2Calls: 2 });
    expect(byRec(ss.deleted.rec)).toBeUndefined();
    expect(byRec(recreated.rec)).toMatchObject({
      BeginDate: '2027-03-10T00:00:00',
      EndDate: '2027-03-12T00:00:00',
      RoomRemark: 'DBL',
      StopSaleRooms: [expect.objectContaining({ StopSaleId: recreated.rec })],
      phase2Calls: 1,
    });
    const reservations: Json[] = await simGet(stack.sim, 'reservations');
    expect(reservations.filter((r) => r.RecId === reinserted.rec)).toHaveLength(1);

    // A run like any other: in History, with its result.
    const history = await request('GET', '/api/sync/history');
    expect(history.body.items[0]).toMatchObject({ sync_id: syncId, trigger: 'manual', total: 4 });
    const result = await request('GET', `/api/sync/${syncId}/result`);
    expect(result.body.successful.map((i: Json) => i.sedna_id).sort()).toEqual(
      [ss.rooms.rec, ss.open.rec, recreated.rec, reinserted.rec].sort(),
    );
  }, 120_000);

  it('refuses items synced again since the check: a new check is needed', async () => {
    const before = await rows();
    const deleted = itemOf('stop_sale', ss.deleted);
    const again = await resync({ item_ids: [deleted.id] });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(
      problem(409, 'ITEMS_CHANGED_SINCE_CHECK', expect.any(String), { item_ids: [deleted.id] }),
    );
    expect(await rows()).toEqual(before);
  });

  it('finds every re-synced item matching in a new check', async () => {
    const second = await runCheck(stack.api.url, tenant);
    expect(second.counts).toEqual({
      match: 6,
      missing_in_sedna: 0,
      different: 2,
      only_in_sedna: 1,
      total: 9,
    });
    const outcome = (type: string, id: number) =>
      second.items.find((i: Json) => i.type === type && i.item_id === id)?.outcome;
    for (const s of [ss.deleted, ss.rooms, ss.open])
      expect(outcome('stop_sale', s.id)).toBe('match');
    expect(outcome('reservation', res.deleted.id)).toBe('match');
    // What a re-sync cannot take stays as it was.
    expect(outcome('stop_sale', ss.dates.id)).toBe('different');
    expect(outcome('reservation', res.changed.id)).toBe('different');
  }, 120_000);

  it('puts the rows back as they were when the run cannot start', async () => {
    // What the re-sync does when Temporal refuses the start (SyncStarterService: rowChanges.undo).
    const repo = new EmailsRepository(stack.api.app.get(DataSource));
    const state = () =>
      Promise.all([
        queryDb(
          `SELECT id, sedna_synced, sedna_rec_id, sedna_sync_at, status, phase1_sent_at,
                  phase1_declare_date, phase1_sedna_connection
             FROM stop_sales WHERE tenant_id = $1 ORDER BY id`,
          [tenant.id],
        ),
        queryDb(
          `SELECT id, sedna_synced, sedna_rec_id, sedna_sync_at, status, insert_sent_at,
                  insert_sedna_connection
             FROM reservations WHERE tenant_id = $1 ORDER BY id`,
          [tenant.id],
        ),
      ]);
    const before = await state();
    const reset = await repo.resetForResync(tenant.id, [
      { type: 'stop_sale', itemId: ss.rooms.id, seenSednaId: ss.rooms.rec, way: 'phase2' },
      { type: 'stop_sale', itemId: ss.match.id, seenSednaId: ss.match.rec, way: 'afresh' },
      { type: 'reservation', itemId: res.match.id, seenSednaId: res.match.rec, way: 'afresh' },
      { type: 'stop_sale', itemId: ss.deleted.id, seenSednaId: ss.deleted.rec, way: 'afresh' },
    ]);
    // The deleted stop sale holds a new RecId since its re-sync: stale, untouched.
    expect(reset.stale.map((s) => s.itemId)).toEqual([ss.deleted.id]);
    const [stopSales, reservations] = await state();
    expect(stopSales.find((r) => r.id === ss.rooms.id)).toMatchObject({
      sedna_synced: false,
      sedna_rec_id: ss.rooms.rec,
      status: 'pending',
    });
    expect(stopSales.find((r) => r.id === ss.match.id)).toMatchObject({
      sedna_synced: false,
      sedna_rec_id: null,
      phase1_declare_date: null,
      phase1_sedna_connection: null,
    });
    expect(reservations.find((r) => r.id === res.match.id)).toMatchObject({
      sedna_synced: false,
      sedna_rec_id: null,
      insert_sedna_connection: null,
    });
    await repo.restoreAfterResync(tenant.id, reset.before);
    expect(await state()).toEqual(before);
  });

  it('answers 409 while the check runs', async () => {
    await simPost(stack.sim, 'faults', {
      rules: [{ action: 'lookup', kind: 'latency', latencyMs: 1500, times: 2 }],
    });
    const started = await request('POST', '/api/reconcile', { window_days: 7 });
    expect(started.status).toBe(202);
    const early = await resync({}, started.body.reconcile_id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('RECONCILE_NOT_FINISHED');
    await waitForCheck(stack.api.url, tenant, started.body.reconcile_id);
    await call(stack.sim.url, 'DELETE', '/__sim/faults');
  }, 120_000);
});
