/**
 * The dashboard's hotel mappings against the real API and the Sedna simulator: a name already
 * mapped is never overwritten by "Add mapping"; replacing it is an explicit second click. The
 * Sedna hotel is picked from Sedna's list by name; the API's 400 shows under the field it names.
 */
import { call } from '../support/http';
import { createTenant } from '../support/sync-fixtures';
import { screenshot } from './support/browser';
import { openPage, useDashboardStack } from './support/dashboard-stack';

// Chromium reports every 4xx answer as a console error; this test provokes 400 and 409.
const EXPECTED_HTTP_ERROR =
  /Failed to load resource: the server responded with a status of (400|409)/;

describe('hotel mappings in the dashboard', () => {
  const stack = useDashboardStack();

  it("picks Sedna's hotel by name, shows a 400 under its field, asks before replacing a mapping", async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const stored = async () =>
      (await call(stack.api.url, 'GET', '/api/hotel-mappings', { token: tenant.token })).body.map(
        (m: { hotel_name: string; sedna_hotel_id: number }) => [m.hotel_name, m.sedna_hotel_id],
      );
    const first = await call(stack.api.url, 'POST', '/api/hotel-mappings', {
      token: tenant.token,
      body: { hotel_name: 'Grand Paradise', sedna_hotel_id: 31 },
    });
    expect(first.status).toBe(201);

    const { context, page, errors } = await openPage(stack.browser);
    await page.goto(`${stack.api.url}/#token=${tenant.token}`);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const table = page.getByRole('table', { name: 'Hotel mappings' });
    await table.getByRole('cell', { name: 'Grand Paradise Resort', exact: true }).waitFor();

    const name = page.getByLabel('Hotel name in e-mails');
    const search = page.getByLabel('Search Sedna hotels');
    const hotel = page.getByLabel('Sedna hotel', { exact: true });
    /** Picks a hotel of Sedna's list by name, as an operator does. */
    const pick = async (typed: string, option: string, id: string) => {
      await search.fill(typed);
      await page.getByRole('option', { name: option, exact: true }).waitFor();
      await hotel.selectOption(id);
    };

    // Sedna's list by name: inactive hotels are not offered, the count says how many match.
    await search.fill('side');
    await page.getByRole('option', { name: 'Side Crown Palace (203)', exact: true }).waitFor();
    expect(await hotel.locator('option').allTextContents()).toEqual([
      'Konyaalti Seaside Hotel (177)',
      'Side Crown Palace (203)',
      'Side Star Resort (104)',
    ]);
    await page.getByText('3 hotels.').waitFor();

    // The API's 400 names hotel_name: it is shown under that field, not in a banner.
    await name.fill('& – !');
    await pick('paradise', 'Oludeniz Paradise Hotel (245)', '245');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    const nameError = page.getByText(/^must contain a word \(letters or digits of any script\)/);
    await nameError.waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toBe(await nameError.getAttribute('id'));
    expect(await page.getByText('Not saved').count()).toBe(0);
    await screenshot(page, '20-settings-field-error');

    await name.fill('GRAND PARADISE');
    await pick('grand park', 'Grand Park Lara (52)', '52');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page
      .getByText(
        '“Grand Paradise” already maps this name to Grand Paradise Resort (31). Nothing was changed.',
      )
      .waitFor();
    expect(await nameError.count()).toBe(0);
    expect(await stored()).toEqual([['Grand Paradise', 31]]);

    await page.getByRole('button', { name: 'Replace it with Sedna hotel 52' }).click();
    await page.getByText('Replaced: “GRAND PARADISE” → Grand Park Lara (52).').waitFor();
    await table.getByRole('cell', { name: 'Grand Park Lara', exact: true }).waitFor();
    expect(await stored()).toEqual([['GRAND PARADISE', 52]]);

    expect(errors.filter((error) => !EXPECTED_HTTP_ERROR.test(error))).toEqual([]);
    await context.close();
  }, 120_000);
});
