import ExcelJS from 'exceljs';
import { sleep } from '../../scripts/local-stack';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { readProgress } from '../support/sse';
import { useSyncStack } from '../support/sync-stack';
import {
  createTenant,
  importEmails,
  importStopSalesWithFaults,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Failed items carry code, stage and data; Phase 2 is never silent; Sedna outages are named. */
describe('item errors as data, Phase 2 and Sedna reachability', () => {
  const stack = useSyncStack();

  beforeEach(async () => {
    await simPost(stack.sim, 'reset');
  });

  const result = async (tenant: Tenant, syncId: string): Promise<Json> =>
    (await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })).body;

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('names an unknown hotel with candidates and unknown room codes as data (result, SSE, DB, report)', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const emails = stopSaleEmails('codes', 2, 1, (i) =>
      i === 0 ? 'Mandarin Resrt Side' : 'Mandarin Resort',
    );
    emails[1].stop_sales[0].room_types = ['DBL', 'XYZ'];
    const ids = await importEmails(stack.api.url, tenant, emails);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const frames = await readProgress(stack.api.url, syncId, tenant.token).done;
    await waitForRun(syncId);

    const hotel = {
      code: 'HOTEL_NOT_FOUND',
      stage: 'prepare',
      hotel_name: 'Mandarin Resrt Side',
      candidates: expect.arrayContaining([{ sedna_hotel_id: 18, name: 'Mandarin Resort' }]),
      error: expect.stringMatching(/^Hotel not found in Sedna: Mandarin Resrt Side/),
      in_sedna_without_rooms: false,
    };
    const rooms = {
      code: 'ROOM_TYPE_UNKNOWN',
      stage: 'prepare',
      codes: ['XYZ'],
      error: 'Unknown room type code in Sedna: XYZ (hotel: Mandarin Resort)',
      in_sedna_without_rooms: false,
    };
    const body = await result(tenant, syncId);
    expect(body.status).toBe('failed');
    const byEmail = (list: Json[]) => [...list].sort((a, b) => a.email_id - b.email_id);
    expect(byEmail(body.failed)).toEqual([
      expect.objectContaining({ email_id: ids[0], ...hotel }),
      expect.objectContaining({ email_id: ids[1], ...rooms }),
    ]);
    const events = byEmail(frames.filter((f) => f.type === 'progress').map((f) => f.data.item));
    expect(events).toEqual([
      expect.objectContaining({ email_id: ids[0], status: 'failed', ...hotel }),
      expect.objectContaining({ email_id: ids[1], status: 'failed', ...rooms }),
    ]);
    const rows = await queryDb(
      `SELECT error_code, error_stage, error_details FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
        WHERE r.sync_id = $1 ORDER BY i.email_id`,
      [syncId],
    );
    expect(rows.map((r: Json) => r.error_code)).toEqual(['HOTEL_NOT_FOUND', 'ROOM_TYPE_UNKNOWN']);
    expect(rows[1].error_details).toEqual({ codes: ['XYZ'] });
    // Nothing reached Sedna's stop-sale endpoint.
    expect((await simGet(stack.sim, 'stats')).agencies.demo.byAction.phase1 ?? 0).toBe(0);

    const report = await fetch(`${stack.api.url}/api/sync/${syncId}/report`, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Items')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const codeCol = header.indexOf('Code') + 1;
    const stageCol = header.indexOf('Stage') + 1;
    expect(codeCol).toBeGreaterThan(0);
    const codes = [2, 3].map((r) => sheet.getRow(r).getCell(codeCol).value).sort();
    expect(codes).toEqual(['HOTEL_NOT_FOUND', 'ROOM_TYPE_UNKNOWN']);
    expect(sheet.getRow(2).getCell(stageCol).value).toBe('prepare');
  });

  it('keeps a stop sale running through transient Phase 2 failures, then completes it with one Phase 1', async () => {
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'p2t', [
      { action: 'phase2', kind: 'http500' },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    // Phase 2 keeps failing: the item is not failed, the run is running.
    await waitFor('three failed Phase 2 attempts', async () => {
      const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
      return (stats?.byAction.phase2 ?? 0) >= 3 ? true : undefined;
    });
    const during = await result(tenant, syncId);
    expect(during).toMatchObject({ status: 'running', failed: [] });
    expect(during.sedna).toMatchObject({
      reachable: false,
      since: expect.any(String),
      last_error: expect.stringMatching(/Sedna server error \(HTTP 500\)/),
    });
    await simPost(stack.sim, 'faults', { rules: [] });
    const run = await waitForRun(syncId);
    expect(run).toMatchObject({ status: 'completed', successful_count: 1 });
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(stats.byAction.phase1).toBe(1);
    expect(stats.stopSalesCreated).toBe(1);
    const after = await result(tenant, syncId);
    expect(after.successful).toHaveLength(1);
    expect(after.sedna).toMatchObject({ reachable: true, since: null });
    // Phase 2 was scheduled with the long horizon: 6 h, no attempt cap.
    const [stopSale] = await queryDb('SELECT id FROM stop_sales WHERE email_id = $1', [ids[0]]);
    const history = await stack.temporal.workflow
      .getHandle(`sync-item-${syncId}-stop_sale-${stopSale.id}`)
      .fetchHistory();
    const scheduled = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'attachStopSaleChildren');
    expect(scheduled).toHaveLength(1);
    expect(Number(scheduled[0]!.scheduleToCloseTimeout?.seconds)).toBe(6 * 3600);
    expect(scheduled[0]!.retryPolicy?.maximumAttempts ?? 0).toBe(0);
  });

  /** The report's sheets read back: Summary as field → value, Items as header → value rows. */
  async function readReport(tenant: Tenant, syncId: string) {
    const report = await fetch(`${stack.api.url}/api/sync/${syncId}/report`, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(report.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const summary = new Map<string, unknown>();
    workbook.getWorksheet('Summary')!.eachRow((row, n) => {
      if (n > 1) summary.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    const sheet = workbook.getWorksheet('Items')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const items: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1)
        items.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    return { summary, items };
  }

  it('shows a stop sale whose Phase 2 retries as in Sedna without rooms (result, stream, report), then completes it', async () => {
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'p2v', [
      { action: 'phase2', kind: 'http500' },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const stream = readProgress(stack.api.url, syncId, tenant.token);
    const during = await waitFor(
      'the result to show the item’s failed Phase 2 attempt',
      async () => {
        const body = await result(tenant, syncId);
        return body.phase2_pending?.[0]?.error ? body : undefined;
      },
    );
    const [stopSale] = await queryDb(
      'SELECT id, sedna_rec_id FROM stop_sales WHERE email_id = $1',
      [ids[0]],
    );
    const sednaId: number = stopSale.sedna_rec_id;
    expect(sednaId).toBeGreaterThan(0);
    const pending = {
      email_id: ids[0],
      type: 'stop_sale',
      item_id: stopSale.id,
      status: 'pending',
      stage: 'phase2',
      sedna_id: sednaId,
      code: 'SEDNA_UNREACHABLE',
      error: expect.stringMatching(/Sedna server error \(HTTP 500\)/),
      in_sedna_without_rooms: true,
      hotel_name: 'Mandarin Resort',
    };
    expect(during).toMatchObject({
      status: 'running',
      failed: [],
      cancelled: [],
      in_sedna_without_rooms: 1,
      phase2_pending: [expect.objectContaining(pending)],
    });

    // The progress stream (a real EventSource) lists it, with its last error, while it retries.
    const frame = await waitFor('a phase2_pending frame naming the item', async () =>
      stream.frames.find((f) => f.type === 'phase2_pending' && f.data.items.length > 0),
    );
    expect(frame.data.items).toEqual([expect.objectContaining(pending)]);

    // The report, read back: the item's row and the Summary's count.
    const report = await readReport(tenant, syncId);
    expect(report.summary.get('Status')).toBe('running');
    expect(report.summary.get('In Sedna without rooms')).toBe(1);
    expect(report.items).toEqual([
      expect.objectContaining({
        Status: 'pending',
        'Sedna id': sednaId,
        Stage: 'phase2',
        Code: 'SEDNA_UNREACHABLE',
        Error: expect.stringMatching(/HTTP 500/),
        'In Sedna without rooms': 'yes',
      }),
    ]);

    // Sedna accepts again: Phase 2 completes on the same header.
    await simPost(stack.sim, 'faults', { rules: [] });
    expect(await waitForRun(syncId)).toMatchObject({ status: 'completed', successful_count: 1 });
    const after = await result(tenant, syncId);
    expect(after).toMatchObject({
      status: 'completed',
      phase2_pending: [],
      in_sedna_without_rooms: 0,
      successful: [expect.objectContaining({ item_id: stopSale.id, sedna_id: sednaId })],
    });
    const frames = await stream.done;
    const events = frames.filter((f) => f.type === 'progress').map((f) => f.data.item);
    expect(events).toEqual([expect.objectContaining({ status: 'success', sedna_id: sednaId })]);
    const finalReport = await readReport(tenant, syncId);
    expect(finalReport.summary.get('In Sedna without rooms')).toBe(0);
    // Empty cells read back as null: the last error went with the success.
    expect(finalReport.items).toEqual([
      expect.objectContaining({
        Status: 'success',
        'Sedna id': sednaId,
        Error: null,
        Stage: null,
        'In Sedna without rooms': null,
      }),
    ]);
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect([stats.byAction.phase1, stats.stopSalesCreated]).toEqual([1, 1]);
  });

  it('flags a stop sale whose Phase 2 was refused as in Sedna without rooms; a retry completes it without a second Phase 1', async () => {
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'p2r', [
      { action: 'phase2', kind: 'business-error', times: 1 },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const frames = await readProgress(stack.api.url, syncId, tenant.token).done;
    await waitForRun(syncId);
    const [stopSale] = await queryDb('SELECT sedna_rec_id FROM stop_sales WHERE email_id = $1', [
      ids[0],
    ]);
    const sednaId: number = stopSale.sedna_rec_id;
    const flagged = {
      code: 'SEDNA_REJECTED',
      stage: 'phase2',
      sedna_id: sednaId,
      in_sedna_without_rooms: true,
      error: expect.stringMatching(/Simulated business error/),
    };
    const body = await result(tenant, syncId);
    expect(body.failed).toEqual([expect.objectContaining(flagged)]);
    expect(body.in_sedna_without_rooms).toBe(1);
    const event = frames.find((f) => f.type === 'progress')!.data.item;
    expect(event).toMatchObject({ status: 'failed', ...flagged });

    const retry = await call(stack.api.url, 'POST', `/api/sync/${syncId}/retry`, {
      token: tenant.token,
    });
    expect(retry.status).toBe(200);
    expect(await waitForRun(retry.body.sync_id)).toMatchObject({ status: 'completed' });
    const retried = await result(tenant, retry.body.sync_id);
    expect(retried.successful).toEqual([expect.objectContaining({ sedna_id: sednaId })]);
    expect(retried.in_sedna_without_rooms).toBe(0);
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(stats.byAction.phase1).toBe(1);
    expect(stats.byAction.phase2).toBe(2);
    expect(stats.stopSalesCreated).toBe(1);
  });

  it('says in the result and the stream when the tenant’s Sedna is unreachable, and since when', async () => {
    const { tenant, ids } = await importStopSalesWithFaults(
      stack.api.url,
      stack.sim,
      'down',
      [{ action: 'any', kind: 'reset' }],
      { count: 2, hotel: 'Grand Resort Antalya' },
    );
    const before = Date.now();
    const syncId = await startSync(stack.api.url, tenant, ids);
    const stream = readProgress(stack.api.url, syncId, tenant.token);
    const down = await waitFor('the run to report Sedna unreachable', async () => {
      const body = await result(tenant, syncId);
      return body.sedna?.reachable === false ? body : undefined;
    });
    expect(down.status).toBe('running');
    expect(down.sedna).toMatchObject({
      reachable: false,
      last_error: expect.stringMatching(/Sedna is unreachable/),
    });
    expect(Date.parse(down.sedna.since)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(down.sedna.last_error_at)).toBeGreaterThanOrEqual(
      Date.parse(down.sedna.since),
    );
    await sleep(2500);
    await simPost(stack.sim, 'faults', { rules: [] });
    const run = await waitForRun(syncId);
    expect([run.status, (await result(tenant, syncId)).failed]).toEqual(['completed', []]);
    const frames = await stream.done;
    const sedna = frames.filter((f) => (f.type as string) === 'sedna').map((f) => f.data);
    expect(sedna[0]).toMatchObject({ reachable: false, since: down.sedna.since });
    expect(sedna.at(-1)).toMatchObject({ reachable: true, since: null });
    expect((await result(tenant, syncId)).sedna.reachable).toBe(true);
    // /health is about our own dependencies only.
    expect((await call(stack.api.url, 'GET', '/health')).status).toBe(200);
  });
});
