/**
 * A run's own page (`#/runs/<id>`) in a real browser: reloaded mid-sync, it comes back to the
 * live view, resumes the stream from the last event it had (kept in session storage) and ends
 * with every item exactly once; then it shows the result.
 */
import {
  createTenant,
  importEmails,
  reservationEmails,
  simPost,
  startSync,
} from '../support/sync-fixtures';
import { waitUntil } from './support/browser';
import { openPage, useDashboardStack } from './support/dashboard-stack';

describe('run page', () => {
  // Nothing is cut: the proxy only records the progress requests the browser makes.
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true, proxy: true });

  it('comes back to the live view after a reload mid-sync, every item once', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim, { rate: 2 });
    const ids = await importEmails(stack.api.url, tenant, reservationEmails('run', 8));
    await simPost(stack.sim, 'config', { latencyMs: 150 });
    const { context, page, errors } = await openPage(stack.browser);
    try {
      const syncId = await startSync(stack.api.url, tenant, ids);
      await page.goto(`${stack.proxy.url}/#token=${tenant.token}`);
      await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();
      await page.goto(`${stack.proxy.url}/#/runs/${syncId}`);
      const items = page
        .getByRole('dialog', { name: /Syncing to Sedna|Sync finished/ })
        .getByRole('list', { name: 'Finished items, latest first' })
        .locator(':scope > li');
      await waitUntil('two items', async () => (await items.count()) >= 2, 60_000);

      await page.reload();
      const finished = page.getByRole('dialog', { name: 'Sync finished' });
      await finished.waitFor({ timeout: 60_000 });
      expect(await finished.getByTestId('sync-counts').textContent()).toMatch(
        /100 % · 8 of 8 items · 8 synced · 0 failed/,
      );
      const texts = await finished
        .getByRole('list', { name: 'Finished items, latest first' })
        .locator(':scope > li')
        .allTextContents();
      expect(texts).toHaveLength(8);
      expect(new Set(texts).size).toBe(8);
      // The reloaded page resumed where it was, unless the run had finished meanwhile.
      const after = stack.proxy.progressRequests.slice(1);
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after[0]!.path).toMatch(/[?&]last_event_id=[1-9]/);
      expect(new URL(page.url()).hash).toBe(`#/runs/${syncId}`);

      // Finished: the page shows the result, a reload too.
      await finished.getByRole('button', { name: 'View results' }).click();
      await page
        .getByRole('dialog', { name: 'Sync results' })
        .getByText('No item failed')
        .waitFor();
      await page.reload();
      await page
        .getByRole('dialog', { name: 'Sync results' })
        .getByText('No item failed')
        .waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await simPost(stack.sim, 'config', { latencyMs: 0 });
    }
  }, 180_000);
});
