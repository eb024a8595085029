import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, ValidateBy } from 'class-validator';
import { IsIntBetween } from '../common/validators';
import { MAX_RECONCILE_WINDOW_DAYS } from '../contract/reconcile';
import type {
  ScheduleSettingsInput,
  ScheduleSettingsView,
  ScheduleTriggered,
  TemporalSchedule,
} from '../contract/views-schedules';
import { SCHEDULE_KINDS, type ScheduleKind } from '../contract/workflows';
import {
  canonicalTimeZone,
  isClock,
  MAX_INTERVAL_MINUTES,
  MAX_ITEMS_PER_RUN,
  MIN_INTERVAL_MINUTES,
  SCHEDULE_DEFAULTS,
} from './schedule-spec';

function IsClock(endOfDay = false) {
  return ValidateBy({
    name: 'isClock',
    validator: {
      validate: (value: unknown) => isClock(value, endOfDay),
      defaultMessage: () => `must be a time HH:MM from 00:00 to ${endOfDay ? '24:00' : '23:59'}`,
    },
  });
}

function IsTimeZone() {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => canonicalTimeZone(value) !== null,
      defaultMessage: () => 'must be an IANA time zone such as Europe/Istanbul',
    },
  });
}

const BOOLEAN = { message: 'must be true or false' };

/** Omitted fields keep their stored values (the defaults the first time). */
export class PutScheduleSettingsDto implements ScheduleSettingsInput {
  @ApiPropertyOptional({ example: true, default: SCHEDULE_DEFAULTS.enabled })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  enabled?: boolean;

  @ApiPropertyOptional({
    example: 10,
    minimum: MIN_INTERVAL_MINUTES,
    maximum: MAX_INTERVAL_MINUTES,
    default: SCHEDULE_DEFAULTS.interval_minutes,
    description: 'Minutes between run starts, counted from window_start each day',
  })
  @IsOptional()
  @IsIntBetween(MIN_INTERVAL_MINUTES, MAX_INTERVAL_MINUTES)
  interval_minutes?: number;

  @ApiPropertyOptional({ example: '08:00', default: SCHEDULE_DEFAULTS.window_start })
  @IsOptional()
  @IsClock()
  window_start?: string;

  @ApiPropertyOptional({
    example: '23:00',
    default: SCHEDULE_DEFAULTS.window_end,
    description:
      "No run starts at or after it; after window_start (windows don't cross midnight); '24:00' ends the day",
  })
  @IsOptional()
  @IsClock(true)
  window_end?: string;

  @ApiPropertyOptional({ example: 'Europe/Istanbul', default: SCHEDULE_DEFAULTS.time_zone })
  @IsOptional()
  @IsTimeZone()
  time_zone?: string;

  @ApiPropertyOptional({
    example: 500,
    minimum: 1,
    maximum: MAX_ITEMS_PER_RUN,
    default: SCHEDULE_DEFAULTS.max_items,
    description: 'Most items one run takes, oldest e-mail first',
  })
  @IsOptional()
  @IsIntBetween(1, MAX_ITEMS_PER_RUN)
  max_items?: number;

  @ApiPropertyOptional({
    example: true,
    default: SCHEDULE_DEFAULTS.nightly_retry,
    description: 'Retry, once a night, items that failed for a transient cause',
  })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  nightly_retry?: boolean;

  @ApiPropertyOptional({ example: '02:00', default: SCHEDULE_DEFAULTS.nightly_retry_time })
  @IsOptional()
  @IsClock()
  nightly_retry_time?: string;

  @ApiPropertyOptional({
    example: true,
    default: SCHEDULE_DEFAULTS.drift_check,
    description:
      'Check once a day, while the schedules are enabled, that Sedna still holds what is synced (a drift check; it never writes to Sedna)',
  })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  drift_check?: boolean;

  @ApiPropertyOptional({ example: '03:00', default: SCHEDULE_DEFAULTS.drift_check_time })
  @IsOptional()
  @IsClock()
  drift_check_time?: string;

  @ApiPropertyOptional({
    example: 30,
    minimum: 1,
    maximum: MAX_RECONCILE_WINDOW_DAYS,
    default: SCHEDULE_DEFAULTS.drift_check_window_days,
    description: 'The daily check reads back the items synced within this many days',
  })
  @IsOptional()
  @IsIntBetween(1, MAX_RECONCILE_WINDOW_DAYS)
  drift_check_window_days?: number;
}

export class TriggerScheduleDto {
  @ApiPropertyOptional({
    enum: SCHEDULE_KINDS,
    default: 'auto-sync',
    description: '`drift-check` starts a drift check (it appears in GET /api/reconcile)',
  })
  @IsOptional()
  @IsIn(SCHEDULE_KINDS)
  schedule: ScheduleKind = 'auto-sync';
}

export class TemporalScheduleDto implements TemporalSchedule {
  @ApiProperty({ example: 'auto-sync-acme' }) schedule_id: string;
  @ApiProperty({ enum: SCHEDULE_KINDS }) kind: ScheduleKind;
  @ApiProperty() temporal_ui_url: string;
  @ApiProperty({ description: "Temporal's own pause state (operators may pause it in the UI)" })
  paused: boolean;
  @ApiProperty({ description: 'Whether a run it started is still in progress' }) running: boolean;
  @ApiProperty({ type: [String], description: 'Upcoming start times; empty while paused' })
  next_run_times: string[];
}

export class ScheduleSettingsDto implements ScheduleSettingsView {
  @ApiProperty() enabled: boolean;
  @ApiProperty() paused: boolean;
  @ApiProperty() interval_minutes: number;
  @ApiProperty() window_start: string;
  @ApiProperty() window_end: string;
  @ApiProperty() time_zone: string;
  @ApiProperty() max_items: number;
  @ApiProperty() nightly_retry: boolean;
  @ApiProperty() nightly_retry_time: string;
  @ApiProperty() drift_check: boolean;
  @ApiProperty() drift_check_time: string;
  @ApiProperty() drift_check_window_days: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updated_at: string | null;
  @ApiProperty({ type: [TemporalScheduleDto], description: 'The Temporal schedules in force' })
  schedules: TemporalScheduleDto[];
}

export class TriggeredDto implements ScheduleTriggered {
  @ApiProperty() schedule_id: string;
  @ApiProperty({ enum: ['triggered'] }) status: 'triggered';
}
