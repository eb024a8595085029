import ExcelJS from 'exceljs';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  simGet,
  simPost,
  startMixedRun,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

describe('progress stream, result, report, retry and cancel', () => {
  const stack = useSyncStack();

  it('streams every item in order, then a summary equal to the result and the database', async () => {
    await simPost(stack.sim, 'config', { latencyMs: 40 });
    const { tenant, syncId } = await startMixedRun(stack.api.url, stack.sim, 'sse', {
      stopSales: 6,
      perEmail: 2,
      reservations: 6,
    });
    const [live, dropped] = [
      readProgress(stack.api.url, syncId, tenant.token),
      readProgress(stack.api.url, syncId, tenant.token, { closeAfter: 5, tokenInQuery: true }),
    ];
    const frames = await live.done;
    const firstFive = await dropped.done;
    // The dropped client reconnects with Last-Event-ID and gets exactly what it missed.
    const rest = await readProgress(stack.api.url, syncId, tenant.token, {
      lastEventId: firstFive.at(-1)!.id,
    }).done;
    await simPost(stack.sim, 'config', { latencyMs: 0 });

    const progress = frames.filter((f) => f.type === 'progress');
    expect(progress.map((f) => f.data.current)).toEqual(
      Array.from({ length: 18 }, (_, i) => i + 1),
    );
    expect(progress.map((f) => f.id)).toEqual(progress.map((f) => f.data.current));
    expect(progress.every((f) => f.data.total === 18)).toBe(true);
    expect(progress[0].data.item).toMatchObject({
      status: 'success',
      sedna_id: expect.any(Number),
    });
    const resumed = [...firstFive, ...rest]
      .filter((f) => f.type === 'progress')
      .map((f) => f.data.item);
    expect(resumed).toEqual(progress.map((f) => f.data.item));

    const complete = frames.at(-1)!;
    expect(complete.type).toBe('complete');
    const result = await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, {
      token: tenant.token,
    });
    expect(result.body.status).toBe('completed');
    expect(complete.data.summary).toEqual(result.body.summary);
    const [run] = await queryDb('SELECT * FROM sync_runs WHERE sync_id = $1', [syncId]);
    expect(result.body.summary).toEqual({
      total: run.total_items,
      successful: run.successful_count,
      failed: run.failed_count,
      duration_seconds: run.duration_seconds,
    });

    // After completion a new subscriber gets the whole replay, then complete. The live stream
    // may also have carried snapshots of that moment (stop sales awaiting Phase 2, no worker
    // polling), frames without an id that a finished run has no more.
    const replay = await readProgress(stack.api.url, syncId, tenant.token).done;
    const events = (of: typeof frames) =>
      of.filter((f) => f.type === 'progress' || f.type === 'complete').map((f) => f.data);
    expect(events(replay)).toEqual(events(frames));
    expect(events(replay)).toHaveLength(19);

    const metrics = await call(stack.api.url, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/sedna_sync_runs\{status="completed"\} [1-9]/);
    expect(metrics.text).toMatch(/sedna_sync_runs_started_total\{trigger="manual"\} [1-9]/);
    expect(metrics.text).toMatch(/sedna_sync_items\{type="stop_sale",status="success"\} [1-9]/);
    // Exposed; the stream reads the database, so it counts only the rare workflow questions.
    expect(metrics.text).toMatch(/sedna_progress_queries_total \d+/);
  });

  it('retries failed Phase 2s without a second Phase 1, and unknown hotels after a mapping', async () => {
    await simPost(stack.sim, 'reset');
    const tenant = await createTenant(stack.api.url, stack.sim);
    const emails = stopSaleEmails('retry', 6, 1, (i) =>
      i < 2 ? 'Grand Resort Antalya' : i === 2 ? 'Mandarin Resrt Side' : 'Mandarin Resort',
    );
    const ids = await importEmails(stack.api.url, tenant, emails);
    await simPost(stack.sim, 'faults', {
      rules: [{ action: 'phase2', kind: 'business-error', match: { hotelId: 25 } }],
    });
    const first = await waitForRun(await startSync(stack.api.url, tenant, ids));
    expect(first).toMatchObject({ status: 'partial', successful_count: 3, failed_count: 3 });
    const failed = (
      await call(stack.api.url, 'GET', `/api/sync/${first.sync_id}/result`, { token: tenant.token })
    ).body.failed;
    expect(failed.map((f: { error: string }) => f.error).sort()).toEqual([
      expect.stringMatching(
        /^Hotel not found in Sedna: Mandarin Resrt Side; closest: Mandarin Resort \(18\)/,
      ),
      expect.stringMatching(/Simulated business error/),
      expect.stringMatching(/Simulated business error/),
    ]);
    expect((await simGet(stack.sim, 'stats')).agencies.demo.byAction.phase1).toBe(5);

    await simPost(stack.sim, 'faults', { rules: [] });
    const mapping = await call(stack.api.url, 'PUT', '/api/hotel-mappings', {
      token: tenant.token,
      body: { hotel_name: 'Mandarin Resrt Side', sedna_hotel_id: 18 },
    });
    expect(mapping.status).toBe(200);
    const retry = await call(stack.api.url, 'POST', `/api/sync/${first.sync_id}/retry`, {
      token: tenant.token,
    });
    expect(retry.body).toMatchObject({
      status: 'started',
      total_items: 3,
      retry_of: first.sync_id,
    });
    const second = await waitForRun(retry.body.sync_id);
    expect(second).toMatchObject({
      status: 'completed',
      successful_count: 3,
      retry_of: first.sync_id,
      trigger: 'retry',
    });
    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(stats.byAction.phase1).toBe(6);
    expect(stats.stopSalesCreated).toBe(6);
    const again = await call(stack.api.url, 'POST', `/api/sync/${second.sync_id}/retry`, {
      token: tenant.token,
    });
    expect(again).toMatchObject({
      status: 409,
      body: { detail: expect.stringMatching(/no failed items/) },
    });

    const history = await call(stack.api.url, 'GET', '/api/sync/history?limit=10', {
      token: tenant.token,
    });
    expect(history.body.items.map((r: { sync_id: string }) => r.sync_id)).toEqual([
      second.sync_id,
      first.sync_id,
    ]);
    expect(history.body.items[0]).toMatchObject({
      retry_of: first.sync_id,
      successful: 3,
      failed: 0,
      status: 'completed',
    });

    // Report times are in the tenant's zone (its schedule settings), labelled.
    const zone = await call(stack.api.url, 'PUT', '/api/schedules', {
      token: tenant.token,
      body: { enabled: false, time_zone: 'Europe/Istanbul' },
    });
    expect(zone.status).toBe(200);
    const report = await fetch(`${stack.api.url}/api/sync/${first.sync_id}/report`, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(report.headers.get('content-disposition')).toBe(
      `attachment; filename="sync-report-${first.sync_id}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const items = workbook.getWorksheet('Items')!;
    expect(items.getRow(1).getCell(1).value).toBe('Email id');
    const rows = items.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(6);
    const header = (items.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    expect(rows.filter((r) => r[column('Status')] === 'failed')).toHaveLength(3);
    expect(workbook.getWorksheet('Summary')!.getCell('B3').value).toBe('partial');
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Room codes: as the e-mail listed them, "all rooms" for a stop sale of every room.
    expect(column('Room codes')).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r[column('Room codes')]))).toEqual(
      new Set(['DBL, TRP', 'DBL', 'SGL, DBL, FAM', 'all rooms']),
    );
    // Istanbul is UTC+3 all year: each time reads as its Istanbul wall clock, to the second.
    const istanbul = (utc: Date) =>
      new Date(Math.floor(utc.getTime() / 1000) * 1000 + 3 * 3600_000);
    const toSecond = (cell: unknown) =>
      new Date(Math.round((cell as Date).getTime() / 1000) * 1000);
    const timeCol = column('Time (Europe/Istanbul)');
    expect(timeCol).toBeGreaterThan(0);
    expect(items.getRow(2).getCell(timeCol).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    const processed = await queryDb(
      `SELECT i.processed_at FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
        WHERE r.sync_id = $1 ORDER BY i.ordinal`,
      [first.sync_id],
    );
    expect(rows.map((r) => toSecond(r[timeCol]).toISOString())).toEqual(
      processed.map((p) => istanbul(p.processed_at).toISOString()),
    );
    const summary = workbook.getWorksheet('Summary')!;
    const started = summary.getColumn(1).values.indexOf('Started at (Europe/Istanbul)');
    expect(started).toBeGreaterThan(0);
    const startedCell = summary.getRow(started).getCell(2);
    expect(startedCell.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(toSecond(startedCell.value).toISOString()).toBe(
      istanbul(new Date(first.started_at)).toISOString(),
    );
  });

  it('cancels a run: no new items start and the run ends cancelled with counts', async () => {
    await simPost(stack.sim, 'reset');
    await simPost(stack.sim, 'config', { latencyMs: 300 });
    const tenant = await createTenant(stack.api.url, stack.sim, { rate: 4 });
    const ids = await importEmails(stack.api.url, tenant, stopSaleEmails('cancel', 30));
    const syncId = await startSync(stack.api.url, tenant, ids);
    await readProgress(stack.api.url, syncId, tenant.token, { closeAfter: 2 }).done;
    const cancel = await call(stack.api.url, 'POST', `/api/sync/${syncId}/cancel`, {
      token: tenant.token,
    });
    expect(cancel).toMatchObject({ status: 202, body: { status: 'cancelling' } });
    const run = await waitForRun(syncId);
    await simPost(stack.sim, 'config', { latencyMs: 0 });
    expect(run.status).toBe('cancelled');
    expect(run.successful_count).toBeLessThan(30);
    const rows = await queryDb(
      'SELECT status, count(*)::int AS n FROM sync_items WHERE sync_run_id = $1 GROUP BY status',
      [run.id],
    );
    expect(rows.find((r) => r.status === 'pending')).toBeUndefined();
    const codes = await queryDb(
      `SELECT DISTINCT error_code FROM sync_items WHERE sync_run_id = $1 AND status = 'cancelled'`,
      [run.id],
    );
    expect(codes).toEqual([{ error_code: 'CANCELLED' }]);
    // Every header Phase 1 created is recorded on its stop sale.
    const created = ((await simGet(stack.sim, 'stop-sales')) as { RecId: number }[])
      .map((s) => s.RecId)
      .sort();
    const recorded = (
      await queryDb(
        'SELECT sedna_rec_id FROM stop_sales WHERE tenant_id = $1 AND sedna_rec_id IS NOT NULL',
        [tenant.id],
      )
    )
      .map((r) => r.sedna_rec_id)
      .sort();
    expect(recorded).toEqual(created);
    const again = await call(stack.api.url, 'POST', `/api/sync/${syncId}/cancel`, {
      token: tenant.token,
    });
    expect(again.status).toBe(409);
  });

  it('answers another tenant with 404 on every run endpoint', async () => {
    const owner = await createTenant(stack.api.url, stack.sim);
    const other = await createTenant(stack.api.url, stack.sim);
    const run = await waitForRun(
      await startSync(
        stack.api.url,
        owner,
        await importEmails(stack.api.url, owner, stopSaleEmails('iso', 1)),
      ),
    );
    for (const [method, path] of [
      ['GET', 'progress'],
      ['GET', 'result'],
      ['GET', 'report'],
      ['POST', 'retry'],
      ['POST', 'cancel'],
    ]) {
      const res = await call(stack.api.url, method, `/api/sync/${run.sync_id}/${path}`, {
        token: other.token,
      });
      expect([path, res.status]).toEqual([path, 404]);
    }
    const bad = await call(stack.api.url, 'GET', '/api/sync/..%2F..%2Fetc/result', {
      token: owner.token,
    });
    expect(bad.status).toBe(400);
  });
});
