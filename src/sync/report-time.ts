import type { DataSource, EntityManager } from 'typeorm';

/**
 * Times in the run report: in the tenant's time zone (its schedule settings), else UTC, and
 * labelled with it. A spreadsheet cell has no zone, so a time is written as its wall-clock
 * reading in that zone.
 */

export const REPORT_DEFAULT_TIME_ZONE = 'UTC';

/** A sync_schedules row's zone (a typed read of its own, to be folded into a repository). */
interface TimeZoneRow {
  time_zone: string;
}

export async function tenantTimeZone(
  db: DataSource | EntityManager,
  tenantId: string,
): Promise<string> {
  const [row]: TimeZoneRow[] = await db.query(
    'SELECT time_zone FROM sync_schedules WHERE tenant_id = $1',
    [tenantId],
  );
  return row?.time_zone || REPORT_DEFAULT_TIME_ZONE;
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

/** Date and time of day, as the report's cells show them. */
export const REPORT_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
