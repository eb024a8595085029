/**
 * Issue 20 (5), SPEC §12: the drift check reads back through Sedna's read calls what the database
 * holds as synced and classifies each item — match, missing_in_sedna (deleted in Sedna),
 * different (rooms, dates, close/open; reservation dates and rooms), only_in_sedna (an operator's
 * stop sale no row holds) — through the API, on the tenant's budget, and never writes to Sedna.
 * The report reads back as a workbook with a row per difference.
 * Real Temporal, PostgreSQL, the simulator (drift made with its control API) and the API over HTTP.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { ReconcileWorkflow } from '../../src/contract/workflows';
import { ORCHESTRATION_TASK_QUEUE } from '../../src/contract/task-queues';
import { sleep } from '../../scripts/local-stack';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { problem } from '../support/problem';
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

/** Sedna's write actions as the simulator counts them (sedna-sim/faults.ts). */
const WRITE_ACTIONS = ['phase1', 'phase2', 'insertReservation', 'cancelReservation'];

describe('drift check against Sedna', () => {
  const stack = useSyncStack();
  let tenant: Tenant;
  /** Stop sale ids by role, and reservation ids by role. */
  const ss: Record<string, { id: number; rec: number; hotel: number }> = {};
  const res: Record<string, { id: number; rec: number }> = {};
  let extraRecId = 0;
  let otherOperatorRecId = 0;

  const request = (method: string, path: string, body?: unknown, token = tenant.token) =>
    call(stack.api.url, method, path, { token, body });

  const demoStats = async () => (await simGet(stack.sim, 'stats')).agencies.demo;

  async function waitForCheck(id: string, timeoutMs = 120_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const got = await request(
        'GET',
        `/api/reconcile/${id}?outcome=match,missing_in_sedna,different,only_in_sedna`,
      );
      if (got.status === 200 && got.body.status !== 'running') return got.body;
      await sleep(250);
    }
    throw new Error(`drift check ${id} did not finish`);
  }

  beforeAll(async () => {
    tenant = await createTenant(stack.api.url, stack.sim);
    const emails = [
      stopSaleEmail('dr-match', 'Mandarin Resort', '2027-03-01', '2027-03-05', ['DBL', 'TRP']),
      stopSaleEmail('dr-deleted', 'Mandarin Resort', '2027-03-10', '2027-03-12', ['DBL']),
      stopSaleEmail('dr-rooms', 'Grand Resort Antalya', '2027-04-01', '2027-04-05', ['DBL']),
      stopSaleEmail('dr-dates', 'Grand Resort Antalya', '2027-04-10', '2027-04-15', ['DBL']),
      stopSaleEmail('dr-open', 'Grand Resort Antalya', '2027-04-20', '2027-04-25', ['DBL']),
      ...reservationEmails('drr', 3),
    ];
    const ids = await importEmails(stack.api.url, tenant, emails);
    const run = await waitForRun(await startSync(stack.api.url, tenant, ids));
    expect(run.status).toBe('completed');
    const stopSales = await queryDb<{ id: number; tag: string; rec: number; hotel: number }>(
      `SELECT s.id, e.message_id AS tag, s.sedna_rec_id AS rec, s.sedna_hotel_id AS hotel
         FROM stop_sales s JOIN emails e ON e.id = s.email_id WHERE s.tenant_id = $1`,
      [tenant.id],
    );
    for (const s of stopSales) ss[s.tag.replace('@test', '').replace('dr-', '')] = s;
    const reservations = await queryDb<{ id: number; voucher_no: string; rec: number }>(
      `SELECT id, voucher_no, sedna_rec_id AS rec FROM reservations WHERE tenant_id = $1 ORDER BY voucher_no`,
      [tenant.id],
    );
    [res.match, res.deleted, res.changed] = reservations;

    // Drift, made in Sedna as by hand (the control API: no Sedna request is counted).
    await simPost(stack.sim, 'stop-sales/delete', { RecId: ss.deleted.rec });
    await simPost(stack.sim, 'stop-sales/change', { RecId: ss.rooms.rec, RoomRemark: 'DBL,SGL' });
    await simPost(stack.sim, 'stop-sales/change', {
      RecId: ss.dates.rec,
      EndDate: '2027-04-17T00:00:00',
    });
    await simPost(stack.sim, 'stop-sales/change', { RecId: ss.open.rec, StopType: 1 });
    const extra = await simPost(stack.sim, 'stop-sales/add', {
      HotelId: ss.match.hotel,
      BeginDate: '2027-03-20T00:00:00',
      EndDate: '2027-03-22T00:00:00',
      StopType: 0,
      RoomRemark: 'FAM',
      OperatorRemark: '7STAR,',
      RecordUser: 'someone',
    });
    extraRecId = extra.RecId;
    const other = await simPost(stack.sim, 'stop-sales/add', {
      HotelId: ss.match.hotel,
      BeginDate: '2027-03-20T00:00:00',
      EndDate: '2027-03-22T00:00:00',
      RoomRemark: 'FAM',
      OperatorRemark: 'OTHEROP,',
    });
    otherOperatorRecId = other.RecId;
    await simPost(stack.sim, 'reservations/delete', { RecId: res.deleted.rec });
    await simPost(stack.sim, 'reservations/change', {
      RecId: res.changed.rec,
      CheckOutDate: '2027-06-18',
      RoomTypeId: 1390,
    });
  });

  let check: Json;
  let before: Json;
  let after: Json;

  it('starts on demand (202) and finishes with each item classified', async () => {
    before = await demoStats();
    const started = await request('POST', '/api/reconcile', { window_days: 7 });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({
      reconcile_id: expect.any(String),
      status: 'running',
      window_days: 7,
      workflow_id: `reconcile-${started.body.reconcile_id}`,
    });
    check = await waitForCheck(started.body.reconcile_id);
    after = await demoStats();
    expect(check).toMatchObject({
      status: 'completed',
      trigger: 'manual',
      window_days: 7,
      error: null,
      counts: { match: 2, missing_in_sedna: 2, different: 4, only_in_sedna: 1, total: 9 },
    });
  });

  it('names what differs, with both sides', () => {
    const byItem = (type: string, id: number) =>
      check.items.find((i: Json) => i.type === type && i.item_id === id);
    expect(byItem('stop_sale', ss.match.id)).toMatchObject({ outcome: 'match', fields: [] });
    expect(byItem('stop_sale', ss.deleted.id)).toMatchObject({
      outcome: 'missing_in_sedna',
      sedna_id: ss.deleted.rec,
      sedna: null,
    });
    expect(byItem('stop_sale', ss.rooms.id)).toMatchObject({
      outcome: 'different',
      fields: ['rooms'],
      ours: { room_types: ['DBL'] },
      sedna: { room_types: ['DBL', 'SGL'] },
    });
    expect(byItem('stop_sale', ss.dates.id)).toMatchObject({
      outcome: 'different',
      fields: ['dates'],
      ours: { date_to: '2027-04-15' },
      sedna: { date_to: '2027-04-17' },
    });
    expect(byItem('stop_sale', ss.open.id)).toMatchObject({
      outcome: 'different',
      fields: ['close_open'],
      ours: { is_close: true },
      sedna: { is_close: false },
    });
    expect(byItem('reservation', res.match.id)).toMatchObject({ outcome: 'match' });
    expect(byItem('reservation', res.deleted.id)).toMatchObject({ outcome: 'missing_in_sedna' });
    expect(byItem('reservation', res.changed.id)).toMatchObject({
      outcome: 'different',
      fields: ['dates', 'rooms'],
      ours: { check_out: '2027-06-17', room_type: 'DBL' },
      sedna: { check_out: '2027-06-18' },
    });
    const only = check.items.filter((i: Json) => i.outcome === 'only_in_sedna');
    // The other operator's stop sale of the same hotel is not this tenant's.
    expect(only).toEqual([
      expect.objectContaining({
        type: 'stop_sale',
        item_id: null,
        sedna_id: extraRecId,
        sedna_hotel_id: ss.match.hotel,
        sedna: expect.objectContaining({ room_types: ['FAM'], date_from: '2027-03-20' }),
      }),
    ]);
    expect(otherOperatorRecId).toBeGreaterThan(0);
  });

  it('never writes to Sedna: only read calls (and a login) reached the simulator', () => {
    const delta = (action: string) =>
      (after.byAction[action] ?? 0) - (before.byAction[action] ?? 0);
    for (const action of WRITE_ACTIONS) expect(delta(action)).toBe(0);
    expect(after.stopSalesCreated).toBe(before.stopSalesCreated);
    expect(after.phase2Calls).toBe(before.phase2Calls);
    expect(after.reservationsCreated).toBe(before.reservationsCreated);
    // One GetStopSaleList per hotel (2) and one GetReservationByVoucher per reservation (3).
    expect(delta('lookup')).toBe(2 + 3);
    expect(delta('login')).toBeLessThanOrEqual(1);
    expect(after.requests - before.requests).toBe(delta('lookup') + delta('login'));
    expect(after.maxInSlidingSecond).toBeLessThanOrEqual(50);
  });

  it('lists only the differences by default, paged', async () => {
    const got = await request('GET', `/api/reconcile/${check.reconcile_id}?limit=2`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ total_items: 7, page: 1, pages: 4, limit: 2 });
    expect(got.body.items).toHaveLength(2);
    expect(got.body.items.every((i: Json) => i.outcome !== 'match')).toBe(true);
    const list = await request('GET', '/api/reconcile');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      reconcile_id: check.reconcile_id,
      status: 'completed',
    });
  });

  it('reports the check as an xlsx: its summary, and a row per difference with both sides', async () => {
    const report = await fetch(`${stack.api.url}/api/reconcile/${check.reconcile_id}/report`, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(report.headers.get('content-disposition')).toBe(
      `attachment; filename="drift-check-${check.reconcile_id}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    expect(Object.fromEntries(rows('Summary').slice(1))).toMatchObject({
      'Drift check id': check.reconcile_id,
      Status: 'completed',
      Trigger: 'manual',
      'Window (days)': 7,
      Match: 2,
      'Missing in Sedna': 2,
      Different: 4,
      'Only in Sedna': 1,
      Total: 9,
    });
    const [header, ...lines] = rows('Differences') as string[][];
    expect(header).toEqual([
      'Outcome',
      'Kind',
      'Item id',
      'Email id',
      'Hotel',
      'Sedna hotel id',
      'Dates',
      'Rooms',
      'Fields that differ',
      'Sedna id',
      'Database says',
      'Sedna says',
    ]);
    const diffs: Json[] = lines.map((line) =>
      Object.fromEntries(header.map((column, i) => [column, line[i]])),
    );
    // Every outcome but match: 2 missing, 4 different, 1 only in Sedna.
    expect(diffs).toHaveLength(7);
    expect(diffs.some((d) => d.Outcome === 'match')).toBe(false);
    const row = (kind: string, id: number) =>
      diffs.find((d) => d.Kind === kind && d['Item id'] === id);
    // Deleted in Sedna.
    expect(row('stop_sale', ss.deleted.id)).toMatchObject({
      Outcome: 'missing_in_sedna',
      Hotel: 'Mandarin Resort',
      Dates: '2027-03-10 → 2027-03-12',
      Rooms: 'DBL',
      'Sedna id': ss.deleted.rec,
      'Database says':
        'board_types: all; date_from: 2027-03-10; date_to: 2027-03-12; is_close: true; room_types: DBL',
      'Sedna says': 'not there',
    });
    // Changed in Sedna: its rooms; a reservation's dates and room.
    expect(row('stop_sale', ss.rooms.id)).toMatchObject({
      Outcome: 'different',
      'Fields that differ': 'rooms',
      'Sedna id': ss.rooms.rec,
      'Database says': expect.stringMatching(/room_types: DBL$/),
      'Sedna says': expect.stringMatching(/room_types: DBL,SGL$/),
    });
    expect(row('reservation', res.changed.id)).toMatchObject({
      Outcome: 'different',
      Dates: '2027-06-10 → 2027-06-17',
      Rooms: 'DBL',
      'Fields that differ': 'dates, rooms',
      'Sedna id': res.changed.rec,
      'Database says': expect.stringContaining('check_out: 2027-06-17'),
      'Sedna says': expect.stringContaining('check_out: 2027-06-18'),
    });
    // A record in Sedna with no row here: what Sedna says, and nothing on our side.
    expect(diffs.filter((d) => d.Outcome === 'only_in_sedna')).toEqual([
      expect.objectContaining({
        Kind: 'stop_sale',
        'Item id': undefined,
        Dates: '2027-03-20 → 2027-03-22',
        Rooms: 'FAM',
        'Sedna id': extraRecId,
        'Database says': 'no row here',
        'Sedna says': expect.stringContaining('room_types: FAM'),
      }),
    ]);
    // Another tenant's check is unknown here.
    const other = await createTenant(stack.api.url, stack.sim);
    const foreign = await request(
      'GET',
      `/api/reconcile/${check.reconcile_id}/report`,
      undefined,
      other.token,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(problem(404, 'RECONCILE_NOT_FOUND'));
  });

  it('answers 409 while a check of the tenant runs, 404 for another tenant’s, 400 for bad input', async () => {
    // Sedna's reads slowed down, so the first check is still running.
    await simPost(stack.sim, 'faults', {
      rules: [{ action: 'lookup', kind: 'latency', latencyMs: 1500, times: 3 }],
    });
    const first = await request('POST', '/api/reconcile', {});
    expect(first.status).toBe(202);
    const second = await request('POST', '/api/reconcile', {});
    expect(second.status).toBe(409);
    expect(second.body).toEqual(
      problem(409, 'RECONCILE_RUNNING', expect.any(String), {
        reconcile_id: first.body.reconcile_id,
      }),
    );
    const other = await createTenant(stack.api.url, stack.sim);
    const foreign = await request(
      'GET',
      `/api/reconcile/${first.body.reconcile_id}`,
      undefined,
      other.token,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(problem(404, 'RECONCILE_NOT_FOUND'));
    const badId = await request('GET', '/api/reconcile/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('INVALID_ID');
    const badWindow = await request('POST', '/api/reconcile', { window_days: 0 });
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.errors[0].field).toBe('window_days');
    expect((await waitForCheck(first.body.reconcile_id)).status).toBe('completed');
    await call(stack.sim.url, 'DELETE', '/__sim/faults');
  });

  it('pages a large check across continue-as-new with the same outcome', async () => {
    const reconcileId = randomUUID();
    const handle = await stack.temporal.workflow.start<ReconcileWorkflow>('reconcileWorkflow', {
      taskQueue: ORCHESTRATION_TASK_QUEUE,
      workflowId: `reconcile-${reconcileId}`,
      args: [
        {
          tenantId: tenant.id,
          reconcileId,
          trigger: 'manual',
          windowDays: 7,
          pageSize: 1,
          pagesPerRun: 2,
        },
      ],
    });
    const result = await handle.result();
    expect(result).toEqual({
      reconcileId,
      status: 'completed',
      counts: { match: 2, missing_in_sedna: 2, different: 4, only_in_sedna: 1 },
    });
    // 2 hotels + 3 reservations, 1 unit a page, 2 pages a run: the first run continued as new.
    const first = await stack.temporal.workflow
      .getHandle(handle.workflowId, handle.firstExecutionRunId)
      .describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
  });
});
