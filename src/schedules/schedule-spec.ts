import type { CalendarSpec, Range } from '@temporalio/client';
import type { ScheduledSyncMode, ScheduleKind } from '../contract/workflows';

/** What a tenant's schedules are made from (the `sync_schedules` row). */
export interface ScheduleSettings {
  enabled: boolean;
  paused: boolean;
  intervalMinutes: number;
  /** 'HH:MM' in `timeZone`; runs start at or after it. */
  windowStart: string;
  /** 'HH:MM' (or '24:00') in `timeZone`; no run starts at or after it. */
  windowEnd: string;
  timeZone: string;
  maxItems: number;
  nightlyRetry: boolean;
  nightlyRetryTime: string;
}

export const SCHEDULE_DEFAULTS: ScheduleSettings = {
  enabled: false,
  paused: false,
  intervalMinutes: 10,
  windowStart: '08:00',
  windowEnd: '23:00',
  timeZone: 'UTC',
  maxItems: 500,
  nightlyRetry: false,
  nightlyRetryTime: '02:00',
};

/** Below this an auto-sync would mostly find nothing new and crowd the Temporal UI. */
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 24 * 60;
export const MAX_ITEMS_PER_RUN = 10_000;

export const SCHEDULE_MODES: Record<ScheduleKind, ScheduledSyncMode> = {
  'auto-sync': 'pending',
  'nightly-retry': 'retry-failed',
};

/** `auto-sync-<tenant>`, `nightly-retry-<tenant>`: what operators find in the Temporal UI. */
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
 * The auto-sync start times of a day as calendar specs: `windowStart`, then every interval, while
 * before `windowEnd`; each day starts afresh at `windowStart`. Hours with the same minutes share
 * one spec, so 08:00–23:00 every 10 minutes is one: hours 8–22, minutes 0–50 step 10.
 */
export function windowCalendars(settings: ScheduleSettings): CalendarSpec[] {
  const minutesByHour = new Map<number, number[]>();
  const end = minutesOfDay(settings.windowEnd);
  for (let t = minutesOfDay(settings.windowStart); t < end; t += settings.intervalMinutes) {
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
    comment: `every ${settings.intervalMinutes} min from ${settings.windowStart} to ${settings.windowEnd}`,
  }));
}

export function nightlyCalendar(settings: ScheduleSettings): CalendarSpec {
  const t = minutesOfDay(settings.nightlyRetryTime);
  return {
    hour: Math.floor(t / 60),
    minute: t % 60,
    comment: `nightly retry at ${settings.nightlyRetryTime}`,
  };
}
