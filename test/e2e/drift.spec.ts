/**
 * Issue 20 (5): the Drift page — drift made in Sedna (the simulator's control API), a check
 * started from the page lists the differences with both sides, the re-sync (some selected at
 * 1440 px, all at 390 px) starts a normal run whose live page completes, and a new check finds
 * everything matching; no page wider than a phone's screen.
 */
import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simPost,
  startSync,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { screenshot } from './support/browser';
import { openPage, pageWidth, useDashboardStack } from './support/dashboard-stack';

const VIEWPORTS = [
  // Each tenant on hotels of its own: a check reports the operator's other headers of its
  // hotels as only in Sedna, and both tenants book through the simulator's one agency.
  ['desktop', { width: 1440, height: 900 }, ['Mandarin Resort', 'Grand Resort Antalya']],
  ['phone', { width: 390, height: 844 }, ['Grand Paradise Resort', 'Sunrise Beach Hotel']],
] as const;

describe('drift check page', () => {
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true });

  it.each(VIEWPORTS)(
    'checks, lists the differences, re-syncs them and checks again at %s width',
    async (name, viewport, [hotelA, hotelB]) => {
      const tenant = await createTenant(stack.api.url, stack.sim);
      const ids = await importEmails(stack.api.url, tenant, [
        stopSaleEmail(`${name}-kept`, hotelA, '2027-07-01', '2027-07-05', ['DBL']),
        stopSaleEmail(`${name}-deleted`, hotelA, '2027-07-10', '2027-07-12', ['DBL']),
        stopSaleEmail(`${name}-rooms`, hotelB, '2027-07-01', '2027-07-05', ['DBL']),
        ...reservationEmails(`${name}dr`, 2),
      ]);
      expect((await waitForRun(await startSync(stack.api.url, tenant, ids))).status).toBe(
        'completed',
      );
      const recs = await queryDb<{ tag: string; rec: number }>(
        `SELECT e.message_id AS tag, s.sedna_rec_id AS rec
           FROM stop_sales s JOIN emails e ON e.id = s.email_id WHERE s.tenant_id = $1
         UNION ALL
         SELECT voucher_no, sedna_rec_id FROM reservations WHERE tenant_id = $1
         ORDER BY 1`,
        [tenant.id],
      );
      const rec = (tag: string) => recs.find((r) => r.tag.startsWith(tag))!.rec;
      // Drift in Sedna: a stop sale and a reservation deleted, a stop sale's rooms changed.
      await simPost(stack.sim, 'stop-sales/delete', { RecId: rec(`${name}-deleted`) });
      await simPost(stack.sim, 'stop-sales/change', {
        RecId: rec(`${name}-rooms`),
        RoomRemark: 'DBL,SGL',
      });
      await simPost(stack.sim, 'reservations/delete', { RecId: rec(`${name.toUpperCase()}DR`) });

      const { context, page, errors } = await openPage(stack.browser, { viewport });
      const fits = async (what: string) =>
        expect({ what, width: await pageWidth(page) }).toEqual({ what, width: viewport.width });
      try {
        await page.goto(`${stack.api.url}/#token=${tenant.token}`);
        await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Drift' })
          .click();
        await page.getByRole('heading', { name: 'Drift checks' }).waitFor();
        await page.getByText('No drift checks yet').waitFor();
        await fits('empty list');

        // A check from the page: its differences, both sides, what a re-sync does with them.
        await page.getByRole('button', { name: 'Start a check' }).click();
        await page.getByRole('heading', { name: /^Drift check [0-9a-f]{8}/ }).waitFor();
        await page.getByRole('heading', { name: 'Differences (3)' }).waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('count-match').textContent()).toBe('2');
        expect(await page.getByTestId('count-missing_in_sedna').textContent()).toBe('2');
        expect(await page.getByTestId('count-different').textContent()).toBe('1');
        const list = page.getByRole('list', { name: 'Differences' });
        const cards = list.getByTestId('drift-item');
        expect(await cards.count()).toBe(3);
        const changed = cards.filter({ hasText: 'Different' });
        await changed.getByText('Differs in rooms').waitFor();
        const rooms = changed.getByRole('row', { name: /Rooms/ });
        expect(await rooms.getByRole('cell').allTextContents()).toEqual(['DBL', 'DBL, SGL']);
        expect(await cards.filter({ hasText: 'Missing in Sedna' }).count()).toBe(2);
        await page
          .getByTestId('resync-plan')
          .getByText(
            'A re-sync sends 3 items through a normal sync run: 1 straight to Phase 2 ' +
              '(header still in Sedna), 2 afresh (no longer in Sedna).',
          )
          .waitFor();
        await fits('check');
        await screenshot(
          page,
          name === 'desktop' ? '23-drift-check' : '24-drift-check-mobile',
          true,
        );

        // Re-sync: some selected (desktop) or all (phone); the run's live page completes.
        if (name === 'desktop') {
          const boxes = list.getByRole('checkbox');
          await boxes.nth(0).check();
          await page.getByRole('button', { name: 'Re-sync selected (1)' }).waitFor();
          await page.getByLabel('Select all on this page').check();
          await page.getByRole('button', { name: 'Re-sync selected (3)' }).click();
        } else {
          await page.getByRole('button', { name: 'Re-sync all (3)' }).click();
        }
        const notice = page.getByRole('status').filter({ hasText: 'Re-sync started' });
        await notice.getByText(/3 items \(1 straight to Phase 2, 2 afresh\)/).waitFor();
        await notice.getByRole('link', { name: 'Watch the run' }).click();
        await page.getByRole('heading', { name: /^Run [0-9a-f]{8}/ }).waitFor();
        const syncId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
        await page
          .getByRole('dialog', { name: /Syncing to Sedna|Sync finished|Sync results/ })
          .waitFor();
        expect(await waitForRun(syncId)).toMatchObject({
          status: 'completed',
          trigger: 'manual',
          total_items: 3,
          successful_count: 3,
        });
        await page.getByRole('dialog', { name: /Sync finished|Sync results/ }).waitFor();
        await fits('run page');

        // A new check: everything matches again.
        await page.goto(`${stack.api.url}/#/drift`);
        await page.getByRole('table', { name: 'Drift checks' }).waitFor();
        await page.getByRole('button', { name: 'Start a check' }).click();
        await page.getByText('No differences').waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('count-match').textContent()).toBe('5');
        for (const outcome of ['missing_in_sedna', 'different', 'only_in_sedna'])
          expect(await page.getByTestId(`count-${outcome}`).textContent()).toBe('0');
        await page.getByRole('link', { name: 'All checks' }).click();
        const rows = page.getByRole('table', { name: 'Drift checks' }).getByRole('row');
        await rows
          .filter({ hasText: '0 missing · 0 different · 0 only in Sedna · 5 matching' })
          .waitFor();
        expect(await rows.count()).toBe(3);
        await fits('list');
        if (name === 'desktop') await screenshot(page, '25-drift-checks');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    240_000,
  );
});
