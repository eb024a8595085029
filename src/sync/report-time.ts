import type { SchedulesRepository } from '../schedules/schedules.repository';

/**
 * Times in the run report: in the tenant's time zone (its schedule settings), else UTC, and
 * labelled with it. A spreadsheet cell has no zone, so a time is written as its wall-clock
 * reading in that zone.
 */

export const REPORT_DEFAULT_TIME_ZONE = 'UTC';

export async function tenantTimeZone(
  schedules: SchedulesRepository,
  tenantId: string,
): Promise<string> {
  return (await schedules.timeZone(tenantId)) ?? REPORT_DEFAULT_TIME_ZONE;
}

/**
 * The instant as a Date whose UTC fields read as the wall clock in `timeZone` (what a cell of
 * the report shows), to the second.
 */
export function wallClock(instant: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  return new Date(
    Date.UTC(
      part('year'),
      part('month') - 1,
      part('day'),
      part('hour'),
      part('minute'),
      part('second'),
    ),
  );
}
