/**
 * The dashboard's hotel mappings against the real API and the Sedna simulator: a name already
 * mapped is never overwritten by "Add mapping"; replacing it is an explicit second click.
 */
import type { Browser } from 'playwright-core';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import type { RunningApi } from '../support/api';
import { call } from '../support/http';
import { createTenant } from '../support/sync-fixtures';
import { openPage, startDashboardStack, stopDashboardStack } from './support/dashboard-stack';

// Chromium reports every 4xx answer as a console error; this test provokes 400 and 409.
const EXPECTED_HTTP_ERROR =
  /Failed to load resource: the server responded with a status of (400|409)/;

describe('hotel mappings in the dashboard', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let browser: Browser;

  beforeAll(async () => {
    ({ browser, sim, api } = await startDashboardStack());
  }, 300_000);

  afterAll(() => stopDashboardStack({ browser, api, sim }));

  it('refuses an unlisted hotel, asks before replacing a mapping, then replaces it', async () => {
    const tenant = await createTenant(api.url, sim);
    const stored = async () =>
      (await call(api.url, 'GET', '/api/hotel-mappings', { token: tenant.token })).body.map(
        (m: { hotel_name: string; sedna_hotel_id: number }) => [m.hotel_name, m.sedna_hotel_id],
      );
    const first = await call(api.url, 'POST', '/api/hotel-mappings', {
      token: tenant.token,
      body: { hotel_name: 'Grand Paradise', sedna_hotel_id: 31 },
    });
    expect(first.status).toBe(201);

    const { context, page, errors } = await openPage(browser);
    await page.goto(`${api.url}/#token=${tenant.token}`);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const table = page.getByRole('table', { name: 'Hotel mappings' });
    await table.getByRole('cell', { name: 'Grand Paradise Resort', exact: true }).waitFor();

    const name = page.getByLabel('Hotel name in e-mails');
    const hotelId = page.getByLabel('Sedna hotel id', { exact: true });
    await name.fill('Mandarin Palace');
    await hotelId.fill('999999');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByText('sedna_hotel_id: Sedna lists no hotel 999999').waitFor();

    await name.fill('Grand Paradise Hotel');
    await hotelId.fill('52');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page
      .getByText(
        '“Grand Paradise” already maps this name to Grand Paradise Resort (31). Nothing was changed.',
      )
      .waitFor();
    expect(await stored()).toEqual([['Grand Paradise', 31]]);

    await page.getByRole('button', { name: 'Replace it with Sedna hotel 52' }).click();
    await page.getByText('Replaced: “Grand Paradise Hotel” → Sedna hotel 52.').waitFor();
    await table.getByRole('cell', { name: 'Grand Park Lara', exact: true }).waitFor();
    expect(await stored()).toEqual([['Grand Paradise Hotel', 52]]);

    expect(errors.filter((error) => !EXPECTED_HTTP_ERROR.test(error))).toEqual([]);
    await context.close();
  }, 120_000);
});
