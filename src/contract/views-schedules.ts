/** The schedules' answers (GET/PUT /api/schedules, pause, resume, trigger). */
import type { ScheduleKind } from './workflows';

/**
 * What a tenant's schedules are made from: the `sync_schedules` row, keyed by its columns (the
 * API's fields have the same names).
 */
export interface ScheduleSettings {
  enabled: boolean;
  paused: boolean;
  interval_minutes: number;
  /** 'HH:MM' in `time_zone`; runs start at or after it. */
  window_start: string;
  /** 'HH:MM' (or '24:00') in `time_zone`; no run starts at or after it. */
  window_end: string;
  time_zone: string;
  max_items: number;
  nightly_retry: boolean;
  nightly_retry_time: string;
  /** The daily drift check (reconcileWorkflow), on while the schedules are enabled. */
  drift_check: boolean;
  /** 'HH:MM' in `time_zone`. */
  drift_check_time: string;
  /** The check reads back the items synced within this many days. */
  drift_check_window_days: number;
}

/** One Temporal schedule of the tenant. */
export interface TemporalSchedule {
  schedule_id: string;
  kind: ScheduleKind;
  temporal_ui_url: string;
  /** Temporal's own pause state (operators may pause it in the UI). */
  paused: boolean;
  /** Whether a run it started is still in progress. */
  running: boolean;
  /** Upcoming start times; empty while paused. */
  next_run_times: string[];
}

/**
 * GET /api/schedules (and what PUT, pause and resume answer): the settings, when they were last
 * changed (null: never saved, the defaults) and the Temporal schedules in force.
 */
export interface ScheduleSettingsView extends ScheduleSettings {
  updated_at: string | null;
  schedules: TemporalSchedule[];
}

/** PUT /api/schedules: omitted fields keep their values (`paused` has routes of its own). */
export type ScheduleSettingsInput = Partial<Omit<ScheduleSettings, 'paused'>>;

/** POST /api/schedules/trigger. */
export interface ScheduleTriggered {
  schedule_id: string;
  status: 'triggered';
}
