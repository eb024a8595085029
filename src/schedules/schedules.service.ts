import { HttpException, Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ScheduleNotFoundError,
  ScheduleOptions,
  ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SA_TENANT_ID } from '../contract/search-attributes';
import { ORCHESTRATION_TASK_QUEUE } from '../contract/task-queues';
import {
  type ReconcileWorkflow,
  SCHEDULE_KINDS,
  type ScheduledSyncWorkflow,
  type ScheduleKind,
  type WorkflowType,
} from '../contract/workflows';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { temporalUiUrl } from '../temporal/temporal-ui';
import { PutScheduleSettingsDto } from './schedule-settings.dto';
import {
  canonicalTimeZone,
  driftCheckCalendar,
  nightlyCalendar,
  SCHEDULE_DEFAULTS,
  SCHEDULE_LABELS,
  SCHEDULE_MODES,
  scheduleId,
  windowCalendars,
} from './schedule-spec';
import type {
  ScheduleSettings,
  ScheduleSettingsView,
  ScheduleTriggered,
  TemporalSchedule,
} from '../contract/views-schedules';
import { SchedulesRepository } from './schedules.repository';
import { ProblemException, fieldProblem } from '../common/problem';
import { SchedulesErrorCode } from './schedules.errors';

type ScheduledAction = ScheduleOptionsStartWorkflowAction<
  ScheduledSyncWorkflow | ReconcileWorkflow
>;
/** With a state: an update replaces it, paused flag included. */
type ScheduledOptions = ScheduleOptions<ScheduledAction> & Required<Pick<ScheduleOptions, 'state'>>;

/**
 * Missed actions of a daily schedule older than this are dropped after an outage (one catch-up
 * run at most).
 */
const DAILY_CATCHUP_MS = 60 * 60_000;

function merge(current: ScheduleSettings, dto: PutScheduleSettingsDto): ScheduleSettings {
  const next: ScheduleSettings = {
    ...current,
    enabled: dto.enabled ?? current.enabled,
    interval_minutes: dto.interval_minutes ?? current.interval_minutes,
    window_start: dto.window_start ?? current.window_start,
    window_end: dto.window_end ?? current.window_end,
    // The validator accepted it, so it has a canonical name.
    time_zone: dto.time_zone ? canonicalTimeZone(dto.time_zone)! : current.time_zone,
    max_items: dto.max_items ?? current.max_items,
    nightly_retry: dto.nightly_retry ?? current.nightly_retry,
    nightly_retry_time: dto.nightly_retry_time ?? current.nightly_retry_time,
    drift_check: dto.drift_check ?? current.drift_check,
    drift_check_time: dto.drift_check_time ?? current.drift_check_time,
    drift_check_window_days: dto.drift_check_window_days ?? current.drift_check_window_days,
  };
  if (next.window_end <= next.window_start) {
    throw fieldProblem(
      'window_end',
      SchedulesErrorCode.WINDOW_INVALID,
      `must be after window_start (${next.window_start}); a window cannot cross midnight`,
    );
  }
  return next;
}

/** Which of the tenant's schedules its settings call for: none until enabled. */
function wantedKinds(settings: ScheduleSettings): ScheduleKind[] {
  if (!settings.enabled) return [];
  const wanted: Record<ScheduleKind, boolean> = {
    'auto-sync': true,
    'nightly-retry': settings.nightly_retry,
    'drift-check': settings.drift_check,
  };
  return SCHEDULE_KINDS.filter((kind) => wanted[kind]);
}

function note(kind: ScheduleKind, tenantId: string, s: ScheduleSettings): string {
  const perRun = `${s.time_zone}, at most ${s.max_items} items per run`;
  switch (kind) {
    case 'auto-sync':
      return `Auto-sync of tenant ${tenantId}: pending items every ${s.interval_minutes} min from ${s.window_start} to ${s.window_end} ${perRun}`;
    case 'nightly-retry':
      return `Nightly retry of tenant ${tenantId}: transiently failed items at ${s.nightly_retry_time} ${perRun}`;
    case 'drift-check':
      return `Drift check of tenant ${tenantId}: the items synced within ${s.drift_check_window_days} days read back from Sedna at ${s.drift_check_time} ${s.time_zone}`;
  }
}

/** When the kind's actions start: its calendar specs in the tenant's zone. */
function calendars(kind: ScheduleKind, s: ScheduleSettings) {
  if (kind === 'auto-sync') return windowCalendars(s);
  return [kind === 'nightly-retry' ? nightlyCalendar(s) : driftCheckCalendar(s)];
}

/**
 * A tenant's schedule settings (table `sync_schedules`) and the Temporal schedules made from
 * them: `auto-sync-<tenant>` and, when asked for, `nightly-retry-<tenant>` and
 * `drift-check-<tenant>` (on by default).
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly repo: SchedulesRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(tenantId: string): Promise<ScheduleSettingsView> {
    const row = await this.repo.find(tenantId);
    const {
      tenant_id: _tenant,
      updated_at: updatedAt,
      ...settings
    } = row ?? {
      ...SCHEDULE_DEFAULTS,
      tenant_id: tenantId,
      updated_at: null,
    };
    const schedules = await Promise.all(
      wantedKinds(settings).map((kind) => this.describe(kind, tenantId)),
    );
    return {
      ...settings,
      updated_at: updatedAt?.toISOString() ?? null,
      schedules: schedules.filter((s): s is TemporalSchedule => s !== null),
    };
  }

  async put(tenantId: string, dto: PutScheduleSettingsDto): Promise<ScheduleSettingsView> {
    await this.change(tenantId, (current) => merge(current, dto));
    return this.get(tenantId);
  }

  /** Pauses or resumes all of the tenant's schedules; a run in progress goes on. */
  async setPaused(tenantId: string, paused: boolean): Promise<ScheduleSettingsView> {
    await this.change(tenantId, (current) => {
      if (!current.enabled) {
        throw new ProblemException(
          409,
          SchedulesErrorCode.SCHEDULE_NOT_ENABLED,
          'Auto-sync is not enabled; PUT /api/schedules with enabled: true first',
        );
      }
      return { ...current, paused };
    });
    return this.get(tenantId);
  }

  /** Starts one action now, unless a run of the schedule is still going (it never overlaps). */
  async trigger(tenantId: string, kind: ScheduleKind): Promise<ScheduleTriggered> {
    const row = await this.repo.find(tenantId);
    if (!row || !wantedKinds(row).includes(kind)) {
      throw new ProblemException(
        409,
        SchedulesErrorCode.SCHEDULE_NOT_ENABLED,
        `${SCHEDULE_LABELS[kind]} is not enabled`,
      );
    }
    const id = scheduleId(kind, tenantId);
    const handle = this.temporal.schedule.getHandle(id);
    const { info } = await this.temporalCall(() => handle.describe());
    const [running] = info.runningActions;
    if (running) {
      throw new ProblemException(
        409,
        SchedulesErrorCode.SCHEDULE_RUN_IN_PROGRESS,
        `A run of ${id} is still in progress (workflow ${running.workflow.workflowId})`,
        { workflow_id: running.workflow.workflowId },
      );
    }
    // The SDK's default for a trigger is ALLOW_ALL; the schedule's own policy is SKIP.
    await this.temporalCall(() => handle.trigger(ScheduleOverlapPolicy.SKIP));
    return { schedule_id: id, status: 'triggered' };
  }

  /**
   * Saves the settings and brings the Temporal schedules in line within one transaction, so
   * that settings Temporal refused are not kept. One change at a time per tenant.
   */
  private async change(
    tenantId: string,
    edit: (current: ScheduleSettings) => ScheduleSettings,
  ): Promise<void> {
    await this.repo.transaction(async (repo) => {
      await repo.lockTenant(tenantId);
      const next = edit((await repo.find(tenantId)) ?? SCHEDULE_DEFAULTS);
      await repo.save(tenantId, next);
      for (const kind of SCHEDULE_KINDS) {
        if (wantedKinds(next).includes(kind)) await this.upsert(this.options(kind, tenantId, next));
        else await this.remove(scheduleId(kind, tenantId));
      }
    });
  }

  private options(kind: ScheduleKind, tenantId: string, s: ScheduleSettings): ScheduledOptions {
    const id = scheduleId(kind, tenantId);
    const tenantAttribute = [{ key: SA_TENANT_ID, value: tenantId }];
    const daily = kind !== 'auto-sync';
    return {
      scheduleId: id,
      spec: { calendars: calendars(kind, s), timezone: s.time_zone },
      action: {
        type: 'startWorkflow',
        // Temporal appends the scheduled time: auto-sync-acme-2025-01-15T08:10:00Z.
        workflowId: id,
        taskQueue: ORCHESTRATION_TASK_QUEUE,
        typedSearchAttributes: tenantAttribute,
        ...this.startsWhat(kind, id, tenantId, s),
      },
      policies: {
        overlap: ScheduleOverlapPolicy.SKIP,
        catchupWindow: daily ? DAILY_CATCHUP_MS : s.interval_minutes * 60_000,
      },
      typedSearchAttributes: tenantAttribute,
      state: { paused: s.paused, note: note(kind, tenantId, s) },
    };
  }

  /** The workflow a kind's action starts, with its input. */
  private startsWhat(
    kind: ScheduleKind,
    id: string,
    tenantId: string,
    s: ScheduleSettings,
  ): Pick<ScheduledAction, 'workflowType' | 'args' | 'staticSummary'> {
    if (kind === 'drift-check') {
      return {
        workflowType: 'reconcileWorkflow' satisfies WorkflowType,
        args: [{ tenantId, trigger: 'schedule', windowDays: s.drift_check_window_days }],
        staticSummary: `Scheduled drift check · tenant ${tenantId} · items synced in the last ${s.drift_check_window_days} days`,
      };
    }
    return {
      workflowType: 'scheduledSyncWorkflow' satisfies WorkflowType,
      args: [{ tenantId, scheduleId: id, mode: SCHEDULE_MODES[kind], maxItems: s.max_items }],
    };
  }

  /** Updates the schedule in place (same id, same history), creating it the first time. */
  private async upsert(options: ScheduledOptions): Promise<void> {
    const { scheduleId: id, ...update } = options;
    await this.temporalCall(async () => {
      try {
        await this.temporal.schedule.getHandle(id).update(() => update);
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
        await this.temporal.schedule.create(options);
      }
    });
  }

  private async remove(id: string): Promise<void> {
    await this.temporalCall(async () => {
      try {
        await this.temporal.schedule.getHandle(id).delete();
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    });
  }

  /** Null when the schedule is missing from Temporal (e.g. a reset dev server); a PUT restores it. */
  private async describe(kind: ScheduleKind, tenantId: string): Promise<TemporalSchedule | null> {
    const id = scheduleId(kind, tenantId);
    return this.temporalCall(async () => {
      try {
        const { state, info } = await this.temporal.schedule.getHandle(id).describe();
        return {
          schedule_id: id,
          kind,
          temporal_ui_url: this.uiUrl(id),
          paused: state.paused,
          running: info.runningActions.length > 0,
          next_run_times: state.paused ? [] : info.nextActionTimes.map((t) => t.toISOString()),
        };
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) return null;
        throw err;
      }
    });
  }

  private uiUrl(id: string): string {
    return temporalUiUrl(this.config, 'schedules', id);
  }

  private async temporalCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof HttpException) throw err;
      const message = err instanceof Error ? err.message : String(err);
      // A zone that Node knows but the Temporal server's tz database does not.
      if (err instanceof TypeError && /time zone/i.test(message)) {
        throw fieldProblem('time_zone', SchedulesErrorCode.TIME_ZONE_UNKNOWN, message);
      }
      throw new ProblemException(
        503,
        SchedulesErrorCode.TEMPORAL_SCHEDULES_UNAVAILABLE,
        `Temporal schedules: ${message}`,
      );
    }
  }
}
