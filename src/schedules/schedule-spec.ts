import type { CalendarSpec, Range } from '@temporalio/client';
import { DEFAULT_RECONCILE_WINDOW_DAYS } from '../contract/reconcile';
import type { ScheduleSettings } from '../contract/views-schedules';
import type { ScheduledSyncMode, ScheduleKind } from '../contract/workflows';

export const SCHEDULE_DEFAULTS: ScheduleSettings = {
  enabled: false,
  paused: false,
  interval_minutes: 10,
  window_start: '08:00',
  window_end: '23:00',
  time_zone: 'UTC',
  max_items: 500,
  nightly_retry: false,
  nightly_retry_time: '02:00',
  // Daily by default, at night: after the nightly retry and outside the default auto-sync
  // window, so its reads do not share the tenant's Sedna budget with daytime runs.
  drift_check: true,
  drift_check_time: '03:00',
  drift_check_window_days: DEFAULT_RECONCILE_WINDOW_DAYS,
};

/** Below this an auto-sync would mostly find nothing new and crowd the Temporal UI. */
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 24 * 60;
export const MAX_ITEMS_PER_RUN = 10_000;

/** What a scheduled sync run takes, by its schedule's kind (the drift check runs no sync). */
export const SCHEDULE_MODES: Record<Exclude<ScheduleKind, 'drift-check'>, ScheduledSyncMode> = {
  'auto-sync': 'pending',
  'nightly-retry': 'retry-failed',
};

/** How the API's messages and the schedule notes name each kind. */
export const SCHEDULE_LABELS: Record<ScheduleKind, string> = {
  'auto-sync': 'Auto-sync',
  'nightly-retry': 'Nightly retry',
  'drift-check': 'Drift check',
};

/**
 * `auto-sync-<tenant>`, `nightly-retry-<tenant>`, `drift-check-<tenant>`: what operators find in
 * the Temporal UI.
 */
export function scheduleId(kind: ScheduleKind, tenantId: string): string {
  return `${kind}-${tenantId}`;
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 'HH:MM' of a day; `endOfDay` also accepts '24:00'. */
export function isClock(value: unknown, endOfDay = false): value is string {
  return typeof value === 'string' && (CLOCK.test(value) || (endOfDay && value === '24:00'));
}

function minutesOfDay(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The IANA name, spelt as the tz database does (the Temporal server is case-sensitive); null if unknown. */
export function canonicalTimeZone(name: unknown): string | null {
  if (typeof name !== 'string' || !/^[A-Za-z]/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Sorted values as few ranges as possible: 0,10,20,30 → 0..30 step 10. */
function toRanges(values: number[]): Range<number>[] {
  const ranges: Range<number>[] = [];
  for (let i = 0; i < values.length;) {
    const step = i + 1 < values.length ? values[i + 1] - values[i] : 1;
    let j = i;
    while (j + 1 < values.length && values[j + 1] - values[j] === step) j++;
    ranges.push({ start: values[i], end: values[j], step });
    i = j + 1;
  }
  return ranges;
}

/**
 * The auto-sync start times of a day as calendar specs: `window_start`, then every interval, while
 * before `window_end`; each day starts afresh at `window_start`. Hours with the same minutes share
 * one spec, so 08:00–23:00 every 10 minutes is one: hours 8–22, minutes 0–50 step 10.
 */
export function windowCalendars(settings: ScheduleSettings): CalendarSpec[] {
  const minutesByHour = new Map<number, number[]>();
  const end = minutesOfDay(settings.window_end);
  for (let t = minutesOfDay(settings.window_start); t < end; t += settings.interval_minutes) {
    const hour = Math.floor(t / 60);
    minutesByHour.set(hour, [...(minutesByHour.get(hour) ?? []), t % 60]);
  }
  const hoursByMinutes = new Map<string, { minutes: number[]; hours: number[] }>();
  for (const [hour, minutes] of minutesByHour) {
    const key = minutes.join(',');
    const group = hoursByMinutes.get(key) ?? { minutes, hours: [] };
    group.hours.push(hour);
    hoursByMinutes.set(key, group);
  }
  return [...hoursByMinutes.values()].map(({ minutes, hours }) => ({
    hour: toRanges(hours),
    minute: toRanges(minutes),
    comment: `every ${settings.interval_minutes} min from ${settings.window_start} to ${settings.window_end}`,
  }));
}

/** Once a day at `clock` ('HH:MM'). */
function dailyCalendar(clock: string, what: string): CalendarSpec {
  const t = minutesOfDay(clock);
  return { hour: Math.floor(t / 60), minute: t % 60, comment: `${what} at ${clock}` };
}

export function nightlyCalendar(settings: ScheduleSettings): CalendarSpec {
  return dailyCalendar(settings.nightly_retry_time, 'nightly retry');
}

export function driftCheckCalendar(settings: ScheduleSettings): CalendarSpec {
  return dailyCalendar(settings.drift_check_time, 'daily drift check');
}
