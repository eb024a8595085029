/**
 * Item rows in a real browser: a run's result and its live view name each item's hotel and its
 * voucher and dates or date range and rooms, not only ids; an item with an unknown room code
 * says it needs a change, "Retry failed (N)" counts only what a retry can fix, and a checkbox
 * includes the rest.
 */
import {
  createTenant,
  importEmails,
  reservationEmails,
  startSync,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { openPage, pageWidth, useDashboardStack } from './support/dashboard-stack';

describe('item rows', () => {
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true });

  it('show hotel, voucher or dates and rooms; retry counts only what it can fix', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, [
      ...reservationEmails('rows', 1),
      stopSaleEmail('rows-xyz', 'Grand Resort Antalya', '2028-04-02', '2028-04-12', ['DBL', 'XYZ']),
      stopSaleEmail('rows-hotel', 'Nowhere Palace Xyzzy', '2028-05-03', '2028-05-13', ['DBL']),
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    await waitForRun(syncId);

    const { context, page, errors } = await openPage(stack.browser, {
      viewport: { width: 390, height: 844 },
    });
    try {
      await page.goto(`${stack.api.url}/#token=${tenant.token}`);
      await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();
      await page.goto(`${stack.api.url}/#/runs/${syncId}`);
      const dialog = page.getByRole('dialog', { name: 'Sync results' });
      const failed = dialog.getByRole('region', { name: /Failed items/ }).locator('li');
      await failed.first().waitFor();
      const failedTexts = await failed.allTextContents();
      const xyz = failedTexts.find((t) => t.includes('Unknown room type code'));
      expect(xyz).toContain('Stop sale · Grand Resort Antalya');
      expect(xyz).toContain('2028-04-02 → 2028-04-12 · Rooms DBL, XYZ');
      expect(xyz).toContain('Unknown room type code in Sedna: XYZ (hotel: Grand Resort Antalya)');
      expect(xyz).toContain('Needs a change');
      const hotel = failedTexts.find((t) => t.includes('Nowhere Palace Xyzzy'));
      expect(hotel).not.toContain('Needs a change');

      await dialog.getByText('Synced items (1)').click();
      const synced = await dialog.getByTestId('item-label').allTextContents();
      expect(synced).toContainEqual(
        expect.stringMatching(
          /^Reservation · Mandarin ResortVoucher ROWS0000 · 2027-06-10 → 2027-06-17 · Room DBL#\d+ · e-mail #\d+$/,
        ),
      );
      // The longer rows still fit a phone.
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);

      // Retry counts the item a mapping can fix; the checkbox adds the one that needs a change.
      await dialog.getByRole('button', { name: 'Retry failed (1)' }).waitFor();
      await dialog.getByRole('checkbox', { name: /Include the item that needs a change/ }).check();
      await dialog.getByRole('button', { name: 'Retry failed (2)' }).click();

      // The retry's live view names the items too.
      const live = page.getByRole('dialog', { name: /Syncing to Sedna|Sync finished/ });
      const rows = live.getByRole('list', { name: 'Finished items, latest first' }).locator('li');
      await page.getByRole('dialog', { name: 'Sync finished' }).waitFor({ timeout: 60_000 });
      const liveTexts = await rows.allTextContents();
      expect(liveTexts).toHaveLength(2);
      expect(liveTexts.join('\n')).toContain('Stop sale · Grand Resort Antalya');
      expect(liveTexts.join('\n')).toContain('2028-05-03 → 2028-05-13 · Room DBL');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
