/**
 * Issue 20 (6): History's "Retry failed…" — the count of the tenant's failed items across runs
 * follows the filters (a dry run), then one new run retries them and its progress opens; at
 * 1440 px and on a phone (390 px), where the dialog fits the screen.
 */
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  startSync,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { openPage, pageWidth, useDashboardStack } from './support/dashboard-stack';

const VIEWPORTS = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

describe('bulk retry from History', () => {
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true });

  it.each(VIEWPORTS)(
    'counts, filters and retries at %s width',
    async (name, viewport) => {
      const tenant = await createTenant(stack.api.url, stack.sim);
      // Two runs with failures: unknown hotels (one of them mapped before the retry) and an
      // unknown room code (needs a change: left out unless asked).
      const [a, b] = await importEmails(stack.api.url, tenant, [
        stopSaleEmail(`${name}-a`, 'Nowhere Palace Xyzzy', '2027-05-01', '2027-05-04', ['DBL']),
        stopSaleEmail(`${name}-b`, 'Mandarin Resort', '2027-05-02', '2027-05-05', ['DBL', 'XYZ']),
      ]);
      await waitForRun(await startSync(stack.api.url, tenant, [a, b]));
      const [d] = await importEmails(stack.api.url, tenant, [
        stopSaleEmail(`${name}-d`, 'Atlantis Qwerty Zzz', '2027-05-05', '2027-05-08', ['DBL']),
      ]);
      await waitForRun(await startSync(stack.api.url, tenant, [d]));
      const mapped = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
        token: tenant.token,
        body: { hotel_name: 'Nowhere Palace Xyzzy', sedna_hotel_id: 18 },
      });
      expect(mapped.status).toBe(201);

      const { context, page, errors } = await openPage(stack.browser, { viewport });
      try {
        await page.goto(`${stack.api.url}/#token=${tenant.token}`);
        await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();
        await page.goto(`${stack.api.url}/#/history`);
        await page.getByRole('table', { name: 'Sync runs' }).waitFor();
        await page.getByRole('button', { name: 'Retry failed…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Retry failed items across runs' });
        const count = dialog.getByTestId('bulk-retry-count');
        await count
          .getByText(
            '2 failed items from 2 runs will be retried. 1 item that needs a change first left out.',
          )
          .waitFor();

        // The dialog fits the screen, the page does not scroll sideways.
        const box = (await dialog.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        expect(await pageWidth(page)).toBe(viewport.width);

        // Filters: the hotel narrows to one; the codes come from the tenant's failures.
        await dialog.getByLabel('Hotel contains').fill('atlantis');
        await count.getByText('1 failed item from 1 run will be retried.').waitFor();
        await dialog.getByLabel('Hotel contains').fill('');
        await dialog.getByLabel('Error code').selectOption('ROOM_TYPE_UNKNOWN');
        await count.getByText('No failed items match.').waitFor();
        await expect(
          dialog.getByRole('button', { name: 'Retry', exact: true }).isDisabled(),
        ).resolves.toBe(true);
        await dialog.getByLabel('Include items that need a change first').check();
        await count.getByText('1 failed item from 1 run will be retried.').waitFor();
        await dialog.getByLabel('Include items that need a change first').uncheck();
        await dialog.getByLabel('Error code').selectOption('');
        await count.getByText(/^2 failed items from 2 runs/).waitFor();
        expect(
          await queryDb('SELECT 1 FROM sync_runs WHERE tenant_id = $1', [tenant.id]),
        ).toHaveLength(2);

        // Retry: one new run, its progress opens, then its result.
        await dialog.getByRole('button', { name: 'Retry 2 items' }).click();
        const progress = page.getByRole('dialog', { name: /Syncing to Sedna|Sync finished/ });
        await progress.waitFor();
        const [run] = await queryDb<{ sync_id: string }>(
          `SELECT sync_id FROM sync_runs WHERE tenant_id = $1 AND trigger = 'retry'`,
          [tenant.id],
        );
        const finished = await waitForRun(run.sync_id);
        expect(finished).toMatchObject({ total_items: 2, successful_count: 1, failed_count: 1 });
        expect(await pageWidth(page)).toBe(viewport.width);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    240_000,
  );
});
