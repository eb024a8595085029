import ExcelJS from 'exceljs';
import { syncThirtyMixedItems } from './bulk-sync-scenario';
import { queryDb } from './db';
import { useDistStack } from './dist-stack';
import { expectEachCreatedOnce } from './effects';
import { call } from './http';
import {
  createTenant,
  importEmails,
  simGet,
  startSync,
  stopSaleEmails,
  waitForRun,
} from './sync-fixtures';

/**
 * What the integration and cluster projects both run against the production build (see
 * dist-stack.ts): a happy path, a retry after a hotel mapping, and the run's Excel report read
 * back. `server` names the Temporal server of the project.
 */
export function describeProductionBuild(server: string): void {
  describe(`the production build (node dist/, NODE_ENV=production, prebuilt workflow bundle) on ${server}`, () => {
    const stack = useDistStack();

    it('syncs 30 mixed items once each', async () => {
      const { tenant, syncId } = await syncThirtyMixedItems(stack.apiUrl, stack.sim, 'dist');
      const { orphanHeaders } = await expectEachCreatedOnce(stack.sim, tenant);
      expect(orphanHeaders).toBe(0);
      const result = await call(stack.apiUrl, 'GET', `/api/sync/${syncId}/result`, {
        token: tenant.token,
      });
      expect(result.body).toMatchObject({ status: 'completed', failed: [], cancelled: [] });
      expect(result.body.successful).toHaveLength(30);
    });

    it('retries an unknown hotel after its mapping; the report lists the first run', async () => {
      const tenant = await createTenant(stack.apiUrl, stack.sim);
      const emails = stopSaleEmails('dist-retry', 3, 1, (i) =>
        i === 0 ? 'Mandarin Resrt Side' : 'Mandarin Resort',
      );
      const ids = await importEmails(stack.apiUrl, tenant, emails);
      const first = await waitForRun(await startSync(stack.apiUrl, tenant, ids));
      expect(first).toMatchObject({ status: 'partial', successful_count: 2, failed_count: 1 });

      const mapping = await call(stack.apiUrl, 'PUT', '/api/hotel-mappings', {
        token: tenant.token,
        body: { hotel_name: 'Mandarin Resrt Side', sedna_hotel_id: 18 },
      });
      expect(mapping.status).toBe(200);
      const retry = await call(stack.apiUrl, 'POST', `/api/sync/${first.sync_id}/retry`, {
        token: tenant.token,
      });
      expect(retry.body).toMatchObject({ status: 'started', total_items: 1 });
      const second = await waitForRun(retry.body.sync_id);
      expect(second).toMatchObject({
        status: 'completed',
        successful_count: 1,
        retry_of: first.sync_id,
      });
      await expectEachCreatedOnce(stack.sim, tenant);
      const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
      expect(stats.duplicatesRejected).toBe(0);

      // The first run's report: one row per item, with the status the database holds.
      const report = await fetch(`${stack.apiUrl}/api/sync/${first.sync_id}/report`, {
        headers: { authorization: `Bearer ${tenant.token}` },
      });
      expect(report.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
      const items = workbook.getWorksheet('Items')!;
      const header = (items.getRow(1).values as unknown[]).slice(1);
      const status = header.indexOf('Status') + 1;
      expect(status).toBeGreaterThan(0);
      const rows = items.getSheetValues().slice(2) as unknown[][];
      const stored = await queryDb<{ status: string }>(
        `SELECT i.status FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id
          WHERE r.sync_id = $1 ORDER BY i.ordinal`,
        [first.sync_id],
      );
      expect(rows.map((r) => r[status])).toEqual(stored.map((s) => s.status));
      expect(stored.map((s) => s.status).sort()).toEqual(['failed', 'success', 'success']);
      expect(workbook.getWorksheet('Summary')!.getCell('B3').value).toBe('partial');
    });
  });
}
