/**
 * The dashboard on a phone (390 × 844): no page is wider than the screen, and a run's result
 * opened from History fits it, its × in view. Also the Sedna "Test connection" button.
 */
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { openPage, pageWidth, useDashboardStack } from './support/dashboard-stack';

const PHONE = { width: 390, height: 844 };

describe('dashboard on a phone', () => {
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true });

  it('fits every page and the result dialog in 390 px', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(
      stack.api.url,
      tenant,
      stopSaleEmails('phone', 3, 1, (i) => (i === 1 ? 'Grand Paradise Resrt' : 'Mandarin Resort')),
    );
    // A mapping row: its sr-only "Delete mapping of …" once made Settings wider than a phone.
    const mapping = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
      token: tenant.token,
      body: { hotel_name: 'Sunrise Beach Hotel Annex With A Long Name', sedna_hotel_id: 47 },
    });
    expect(mapping.status).toBe(201);
    const syncId = await startSync(stack.api.url, tenant, ids);
    await waitForRun(syncId);

    const { context, page, errors } = await openPage(stack.browser, { viewport: PHONE });
    try {
      await page.goto(`${stack.api.url}/#token=${tenant.token}`);
      await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();
      const pages: [string, string][] = [
        ['#/processing', 'E-mail processing'],
        ['#/history', 'Sync history'],
        ['#/schedules', 'Schedules'],
        ['#/settings', 'Settings'],
      ];
      for (const [hash, heading] of pages) {
        await page.goto(`${stack.api.url}/${hash}`);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        if (hash === '#/history') await page.getByRole('table', { name: 'Sync runs' }).waitFor();
        if (hash === '#/settings') {
          await page.getByRole('table', { name: 'Hotel mappings' }).waitFor();
        }
        expect({ hash, width: await pageWidth(page) }).toEqual({ hash, width: PHONE.width });
      }

      // Settings: the saved Sedna connection answers with its hotel count and latency.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page
        .getByTestId('sedna-test-outcome')
        .getByText(/Connected: \d+ hotels listed in \d+ ms\./)
        .waitFor();

      // A result dialog opened from History: inside the screen, × in view, body scrolls.
      await page.goto(`${stack.api.url}/#/history`);
      await page.getByRole('link', { name: `Result of run ${syncId.slice(0, 8)}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Sync results' });
      await dialog.getByText('Failed items (1)').waitFor();
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      const close = (await dialog.getByRole('button', { name: 'Close dialog' }).boundingBox())!;
      expect(close.x + close.width).toBeLessThanOrEqual(PHONE.width);
      expect(close.y).toBeGreaterThanOrEqual(0);
      expect(await pageWidth(page)).toBe(PHONE.width);

      // The run's own page too.
      await page.goto(`${stack.api.url}/#/runs/${syncId}`);
      await page
        .getByRole('dialog', { name: 'Sync results' })
        .getByText('Failed items (1)')
        .waitFor();
      expect(await pageWidth(page)).toBe(PHONE.width);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
