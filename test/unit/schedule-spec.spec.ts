import {
  canonicalTimeZone,
  driftCheckCalendar,
  isClock,
  nightlyCalendar,
  SCHEDULE_DEFAULTS,
  windowCalendars,
} from '../../src/schedules/schedule-spec';
import type { ScheduleSettings } from '../../src/contract/views-schedules';

const settings = (overrides: Partial<ScheduleSettings>): ScheduleSettings => ({
  ...SCHEDULE_DEFAULTS,
  ...overrides,
});

/** Every start time ('HH:MM') that the calendar specs match in one day. */
function startTimes(s: ScheduleSettings): string[] {
  const times: string[] = [];
  for (const calendar of windowCalendars(s)) {
    const hours = calendar.hour as { start: number; end: number; step: number }[];
    const minutes = calendar.minute as { start: number; end: number; step: number }[];
    for (const h of hours)
      for (let hour = h.start; hour <= h.end; hour += h.step)
        for (const m of minutes)
          for (let minute = m.start; minute <= m.end; minute += m.step)
            times.push(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  }
  return times.sort();
}

describe('auto-sync calendar specs', () => {
  it('puts 08:00-23:00 every 10 minutes into one spec', () => {
    expect(windowCalendars(settings({}))).toEqual([
      {
        hour: [{ start: 8, end: 22, step: 1 }],
        minute: [{ start: 0, end: 50, step: 10 }],
        comment: 'every 10 min from 08:00 to 23:00',
      },
    ]);
  });

  it('starts at window_start and never at or after window_end', () => {
    const times = startTimes(
      settings({ window_start: '08:05', window_end: '09:35', interval_minutes: 15 }),
    );
    expect(times).toEqual(['08:05', '08:20', '08:35', '08:50', '09:05', '09:20']);
  });

  it('handles intervals that do not divide an hour, restarting each day', () => {
    const times = startTimes(
      settings({ window_start: '00:00', window_end: '24:00', interval_minutes: 25 }),
    );
    expect(times).toHaveLength(Math.ceil(1440 / 25));
    expect(times.slice(0, 4)).toEqual(['00:00', '00:25', '00:50', '01:15']);
    expect(times.at(-1)).toBe('23:45');
  });

  it('handles intervals of whole hours', () => {
    expect(
      windowCalendars(
        settings({ window_start: '06:30', window_end: '20:00', interval_minutes: 180 }),
      ),
    ).toEqual([
      expect.objectContaining({
        hour: [{ start: 6, end: 18, step: 3 }],
        minute: [{ start: 30, end: 30, step: 1 }],
      }),
    ]);
  });

  it('runs the nightly retry once at its time', () => {
    expect(nightlyCalendar(settings({ nightly_retry_time: '02:45' }))).toMatchObject({
      hour: 2,
      minute: 45,
    });
  });

  it('runs the drift check daily, by default at 03:00 over 30 days', () => {
    expect(SCHEDULE_DEFAULTS).toMatchObject({
      drift_check: true,
      drift_check_time: '03:00',
      drift_check_window_days: 30,
    });
    expect(driftCheckCalendar(settings({ drift_check_time: '04:10' }))).toEqual({
      hour: 4,
      minute: 10,
      comment: 'daily drift check at 04:10',
    });
  });
});

describe('schedule settings values', () => {
  it.each([
    ['08:00', false, true],
    ['23:59', false, true],
    ['24:00', false, false],
    ['24:00', true, true],
    ['8:00', false, false],
    ['08:60', false, false],
    [800, false, false],
  ])('clock %p (end of day %p) is valid: %p', (value, endOfDay, valid) => {
    expect(isClock(value, endOfDay)).toBe(valid);
  });

  it('spells time zones as the tz database does, and knows unknown ones', () => {
    expect(canonicalTimeZone('europe/istanbul')).toBe('Europe/Istanbul');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('+03:00')).toBeNull();
    expect(canonicalTimeZone(3)).toBeNull();
  });
});
