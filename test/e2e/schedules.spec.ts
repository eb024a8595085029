/**
 * The dashboard's schedules page against the real API and Temporal: a bad value is named next to
 * its field; a saved schedule lists its next runs; pause and resume; run now.
 */
import { call } from '../support/http';
import { createTenant } from '../support/sync-fixtures';
import { openPage, useDashboardStack } from './support/dashboard-stack';

// Chromium reports every 4xx answer as a console error; this test provokes a 400.
const EXPECTED_HTTP_ERROR = /Failed to load resource: the server responded with a status of 400/;

describe('schedules in the dashboard', () => {
  const stack = useDashboardStack();

  it('names a bad field beside it, saves, shows next runs, pauses, resumes and runs now', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const { context, page, errors } = await openPage(stack.browser);
    try {
      await page.goto(`${stack.api.url}/#token=${tenant.token}`);
      await page.getByRole('link', { name: 'Schedules', exact: true }).click();
      await page.getByRole('heading', { name: 'Schedules' }).waitFor();
      expect(await page.getByRole('button', { name: 'Run now' }).isDisabled()).toBe(true);

      await page.getByLabel('Auto-sync enabled').check();
      const interval = page.getByLabel('Interval (minutes)');
      await interval.fill('0');
      await page.getByLabel('Time zone').fill('Europe/Istanbul');
      await page.getByRole('button', { name: 'Save schedule' }).click();
      // The API's 400 names interval_minutes: the message sits under that field.
      const intervalError = page.locator(`[id="${await interval.getAttribute('id')}-error"]`);
      await intervalError.waitFor();
      expect(await interval.getAttribute('aria-invalid')).toBe('true');

      await interval.fill('30');
      await page.getByRole('button', { name: 'Save schedule' }).click();
      await page.getByText(/Schedule saved at/).waitFor();
      expect(await intervalError.count()).toBe(0);
      const autoSync = page
        .getByRole('list', { name: 'Temporal schedules' })
        .locator(':scope > li');
      await autoSync.first().getByText('Next runs').waitFor();

      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('Auto-sync paused.').waitFor();
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.getByText('Auto-sync resumed.').waitFor();
      await page.getByRole('button', { name: 'Run now' }).click();
      await page.getByText(/Run started; it appears in/).waitFor();

      const saved = await call(stack.api.url, 'GET', '/api/schedules', { token: tenant.token });
      expect(saved.body).toMatchObject({
        enabled: true,
        paused: false,
        interval_minutes: 30,
        time_zone: 'Europe/Istanbul',
      });
      expect(errors.filter((error) => !EXPECTED_HTTP_ERROR.test(error))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
