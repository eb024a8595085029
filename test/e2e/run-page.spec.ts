/**
 * A run's own page (`#/runs/<id>`) in a real browser: reloaded mid-sync, it comes back to the
 * live view, resumes the stream from the last event it had (kept in session storage) and ends
 * with every item exactly once; then it shows the result.
 */
import type { Browser } from 'playwright-core';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import type { WorkerRuntime } from '../../src/worker/worker-runtime';
import type { RunningApi } from '../support/api';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simPost,
  startSync,
} from '../support/sync-fixtures';
import { startTestWorker } from '../support/worker';
import { waitUntil } from './support/browser';
import { openPage, startDashboardStack, stopDashboardStack } from './support/dashboard-stack';
import { startStreamDroppingProxy, StreamDroppingProxy } from './support/stream-dropping-proxy';

describe('run page', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let proxy: StreamDroppingProxy;
  let browser: Browser;

  beforeAll(async () => {
    ({ browser, sim, api } = await startDashboardStack({ rateLimitPerSecond: 100 }));
    worker = await startTestWorker();
    // Nothing is cut: the proxy only records the progress requests the browser makes.
    proxy = await startStreamDroppingProxy(api.url);
  }, 300_000);

  afterAll(() => stopDashboardStack({ browser, proxy, worker, api, sim }));

  it('comes back to the live view after a reload mid-sync, every item once', async () => {
    const tenant = await createTenant(api.url, sim, { rate: 2 });
    const ids = await importEmails(api.url, tenant, reservationEmails('run', 8));
    await simPost(sim, 'config', { latencyMs: 150 });
    const { context, page, errors } = await openPage(browser);
    try {
      const syncId = await startSync(api.url, tenant, ids);
      await page.goto(`${proxy.url}/#token=${tenant.token}`);
      await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();
      await page.goto(`${proxy.url}/#/runs/${syncId}`);
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
      const after = proxy.progressRequests.slice(1);
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
      await simPost(sim, 'config', { latencyMs: 0 });
    }
  }, 180_000);
});
