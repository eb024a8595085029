/**
 * The dashboard's schedules page against the real API and Temporal: the daily drift check's
 * settings shown and edited with the rest; a bad value is named next to its field; a saved
 * schedule lists its next runs, the drift check's too; pause and resume; run now; no sideways
 * scrolling at 1440 and 390 px.
 */
import { Client, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import { MAX_RECONCILE_WINDOW_DAYS } from '../../src/contract/reconcile';
import { SCHEDULE_DEFAULTS, scheduleId } from '../../src/schedules/schedule-spec';
import { wallClock } from '../../src/sync/report-time';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { call } from '../support/http';
import { createTenant } from '../support/sync-fixtures';
import { openPage, pageWidth, useDashboardStack } from './support/dashboard-stack';

// Chromium reports every 4xx answer as a console error; this test provokes a 400.
const EXPECTED_HTTP_ERROR = /Failed to load resource: the server responded with a status of 400/;

const TIME_ZONE = 'Europe/Istanbul';
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/** At each width the page is no wider than the screen. */
async function fitsEveryWidth(page: Page, what: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    expect({ what, width: await pageWidth(page) }).toEqual({ what, width: viewport.width });
  }
}

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

      // The daily drift check's settings, at their defaults before anything is saved.
      const driftCheck = page.getByLabel('Daily drift check against Sedna');
      const driftTime = page.getByLabel('Drift check at (HH:MM)');
      const driftWindow = page.getByLabel('Drift check window (days)');
      expect({
        on: await driftCheck.isChecked(),
        time: await driftTime.inputValue(),
        days: await driftWindow.inputValue(),
      }).toEqual({
        on: SCHEDULE_DEFAULTS.drift_check,
        time: SCHEDULE_DEFAULTS.drift_check_time,
        days: String(SCHEDULE_DEFAULTS.drift_check_window_days),
      });
      await fitsEveryWidth(page, 'defaults');

      await page.getByLabel('Auto-sync enabled').check();
      const interval = page.getByLabel('Interval (minutes)');
      await interval.fill('0');
      await page.getByLabel('Time zone').fill(TIME_ZONE);
      await driftWindow.fill('0');
      await page.getByRole('button', { name: 'Save schedule' }).click();
      // The API's 400 names interval_minutes and drift_check_window_days: each message sits
      // under its field, which it describes.
      const errorOf = async (field: typeof interval) =>
        page.locator(`[id="${await field.getAttribute('id')}-error"]`);
      const intervalError = await errorOf(interval);
      await intervalError.waitFor();
      expect(await interval.getAttribute('aria-invalid')).toBe('true');
      const windowError = await errorOf(driftWindow);
      expect(await windowError.textContent()).toContain(`from 1 to ${MAX_RECONCILE_WINDOW_DAYS}`);
      expect(await driftWindow.getAttribute('aria-invalid')).toBe('true');
      expect(await driftWindow.getAttribute('aria-describedby')).toContain(
        await windowError.getAttribute('id'),
      );
      await fitsEveryWidth(page, 'field errors');

      await interval.fill('30');
      await driftTime.fill('04:45');
      await driftWindow.fill('7');
      await page.getByRole('button', { name: 'Save schedule' }).click();
      await page.getByText(/Schedule saved at/).waitFor();
      expect(await intervalError.count()).toBe(0);
      expect(await windowError.count()).toBe(0);
      const schedules = page
        .getByRole('list', { name: 'Temporal schedules' })
        .locator(':scope > li');
      await schedules.first().getByText('Next runs').waitFor();
      // The drift check's schedule is listed like the others, with its next runs and its link.
      const driftSchedule = schedules.filter({ hasText: 'Drift check' });
      await driftSchedule.getByText('Next runs').waitFor();
      expect(
        await driftSchedule
          .getByRole('link', { name: /Open in Temporal UI \(Drift check, new tab\)/ })
          .getAttribute('href'),
      ).toMatch(new RegExp(`/schedules/${scheduleId('drift-check', tenant.id)}$`));
      await fitsEveryWidth(page, 'saved, with the schedules listed');

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
        time_zone: TIME_ZONE,
        drift_check: true,
        drift_check_time: '04:45',
        drift_check_window_days: 7,
      });
      expect(errors.filter((error) => !EXPECTED_HTTP_ERROR.test(error))).toEqual([]);
    } finally {
      await context.close();
    }

    // Temporal's own drift-check schedule: daily at the new time in the tenant's zone, over the
    // new window.
    const { namespace, ...options } = temporalConnectionOptions();
    const connection = await Connection.connect(options);
    try {
      const temporal = new Client({ connection, namespace });
      const described = await temporal.schedule
        .getHandle(scheduleId('drift-check', tenant.id))
        .describe();
      expect(described.spec.timezone).toBe(TIME_ZONE);
      expect(described.action).toMatchObject({
        workflowType: 'reconcileWorkflow',
        args: [{ tenantId: tenant.id, trigger: 'schedule', windowDays: 7 }],
      });
      const next = described.info.nextActionTimes;
      expect(next.length).toBeGreaterThan(0);
      expect(new Set(next.map((t) => wallClock(t, TIME_ZONE).toISOString().slice(11, 16)))).toEqual(
        new Set(['04:45']),
      );
    } finally {
      await connection.close();
    }
  }, 120_000);
});
