/**
 * Issue 20 (1): the Temporal Web UI (the dev server's, TEMPORAL_UI_URL) shows a run's children
 * by what they sync and the steps of an item by what they do; screenshots land in
 * docs/screenshots/ (temporal-ui-*.png).
 */
import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  startSync,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { screenshot } from './support/browser';
import { openPage, useDashboardStack } from './support/dashboard-stack';

describe('Temporal UI', () => {
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true });

  it('lists children and steps by their summaries', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('tui-a', 'Mandarin Resort', '2027-09-01', '2027-09-05', ['DBL', 'TRP']),
      stopSaleEmail('tui-b', 'Grand Paradise Resort', '2027-10-01', '2027-10-12', ['SGL']),
      stopSaleEmail('tui-c', 'Nowhere Palace Xyzzy', '2027-09-01', '2027-09-03', ['DBL']),
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    await waitForRun(syncId);
    const [item] = await queryDb<{ item_id: number }>(
      'SELECT id AS item_id FROM stop_sales WHERE tenant_id = $1 AND email_id = $2',
      [tenant.id, ids[0]],
    );
    const ui = process.env.TEMPORAL_UI_URL!;
    const { context, page } = await openPage(stack.browser, {
      viewport: { width: 1440, height: 900 },
    });
    page.setDefaultTimeout(30_000);
    try {
      // The run: its summary, current details and its children by what they sync.
      await page.goto(`${ui}/namespaces/default/workflows/bulk-sync-${syncId}`);
      // The timeline names the children by their summaries (the run's own is under User Metadata).
      await page
        .getByText('Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL, TRP')
        .first()
        .waitFor();
      await screenshot(page, 'temporal-ui-run', true);

      // One item: its summary and details, and each step named.
      await page.goto(
        `${ui}/namespaces/default/workflows/sync-item-${syncId}-stop_sale-${item.item_id}`,
      );
      await page.getByText('Phase 2: attach 2 rooms to RecId', { exact: false }).first().waitFor();
      await screenshot(page, 'temporal-ui-item', true);
    } finally {
      await context.close();
    }
  }, 240_000);
});
