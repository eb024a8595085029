/**
 * Issues 22 and 18 in a real browser: after the tenant moves to another Sedna (a second
 * simulator listing the same hotels under other ids), the run's result says why items failed —
 * "Sedna connection changed" for a stop sale whose header is in the previous Sedna, "Hotel
 * mapping stale" for a mapping the new Sedna does not confirm — and Settings marks the mapping.
 */
import { startSednaSimulator, type SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  simPost,
  startSync,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { openPage, useDashboardStack } from './support/dashboard-stack';

describe('a move to another Sedna in the dashboard', () => {
  const stack = useDashboardStack({ sim: { rateLimitPerSecond: 100 }, worker: true });
  let simB: SednaSimulator;
  beforeAll(async () => {
    simB = await startSednaSimulator({ rateLimitPerSecond: 100, hotelIdShift: 6 });
  });
  afterAll(() => simB?.close());

  it('badges SEDNA_CONNECTION_CHANGED and HOTEL_MAPPING_STALE, and marks the stale mapping', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const auth = { token: tenant.token };
    // Mandarin Resort's Phase 2 is refused once: its header stays in A without rooms.
    await simPost(stack.sim, 'faults', {
      rules: [{ action: 'phase2', kind: 'business-error', times: 1, match: { hotelId: 18 } }],
    });
    const mapped = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
      ...auth,
      body: { hotel_name: 'GP Own Name', sedna_hotel_id: 31 },
    });
    expect(mapped.status).toBe(201);
    const first = await startSync(
      stack.api.url,
      tenant,
      await importEmails(stack.api.url, tenant, [
        stopSaleEmail('e2e-move-1', 'Mandarin Resort', '2028-06-02', '2028-06-12', ['DBL']),
      ]),
    );
    expect(await waitForRun(first)).toMatchObject({ status: 'failed' });

    const moved = await call(stack.api.url, 'PUT', '/api/settings/sedna', {
      ...auth,
      body: { api_url: simB.url, username: 'demo', operator_id: 571, operator_code: '7STAR' },
    });
    expect(moved.status).toBe(200);
    const retry = await call(stack.api.url, 'POST', `/api/sync/${first}/retry`, {
      ...auth,
      body: {},
    });
    expect(retry.status).toBe(200);
    await waitForRun(retry.body.sync_id);
    const stale = await startSync(
      stack.api.url,
      tenant,
      await importEmails(stack.api.url, tenant, [
        stopSaleEmail('e2e-move-2', 'GP Own Name', '2028-07-02', '2028-07-12', ['DBL']),
      ]),
    );
    await waitForRun(stale);

    const { context, page, errors } = await openPage(stack.browser);
    try {
      await page.goto(`${stack.api.url}/#token=${tenant.token}`);
      await page.getByRole('heading', { name: 'E-mail processing' }).waitFor();

      await page.goto(`${stack.api.url}/#/runs/${retry.body.sync_id}`);
      let dialog = page.getByRole('dialog', { name: 'Sync results' });
      let failed = dialog.getByRole('region', { name: /Failed items/ }).locator('li');
      await failed.first().waitFor();
      const changed = (await failed.allTextContents()).join('\n');
      expect(changed).toContain('Sedna connection changed');
      expect(changed).toMatch(/is in the previous Sedna: point the settings back to it/);

      await page.goto(`${stack.api.url}/#/runs/${stale}`);
      dialog = page.getByRole('dialog', { name: 'Sync results' });
      failed = dialog.getByRole('region', { name: /Failed items/ }).locator('li');
      await failed.first().waitFor();
      const staleText = (await failed.allTextContents()).join('\n');
      expect(staleText).toContain('Hotel mapping stale');
      expect(staleText).toContain('Mapped to Sedna hotel 31 (Grand Paradise Resort)');
      await page.keyboard.press('Escape');

      await page.goto(`${stack.api.url}/#/settings`);
      const table = page.getByRole('table', { name: 'Hotel mappings' });
      const row = table.getByRole('row', { name: /GP Own Name/ });
      await row.getByText(/Stale · not used/).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
