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
  SCHEDULE_KINDS,
  type ScheduledSyncWorkflow,
  type ScheduleKind,
  type WorkflowType,
} from '../contract/workflows';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { temporalUiUrl } from '../temporal/temporal-ui';
import {
  PutScheduleSettingsDto,
  ScheduleSettingsDto,
  TemporalScheduleDto,
  TriggeredDto,
} from './schedule-settings.dto';
import {
  canonicalTimeZone,
  nightlyCalendar,
  SCHEDULE_DEFAULTS,
  SCHEDULE_MODES,
  scheduleId,
  ScheduleSettings,
  windowCalendars,
} from './schedule-spec';
import { SchedulesRepository } from './schedules.repository';
import { ProblemException, fieldProblem } from '../common/problem';
import { SchedulesErrorCode } from './schedules.errors';

type ScheduledSyncAction = ScheduleOptionsStartWorkflowAction<ScheduledSyncWorkflow>;
/** With a state: an update replaces it, paused flag included. */
type ScheduledSyncOptions = ScheduleOptions<ScheduledSyncAction> &
  Required<Pick<ScheduleOptions, 'state'>>;

/** Missed actions older than this are dropped after an outage (one catch-up run at most). */
const NIGHTLY_CATCHUP_MS = 60 * 60_000;

function merge(current: ScheduleSettings, dto: PutScheduleSettingsDto): ScheduleSettings {
  const next: ScheduleSettings = {
    ...current,
    enabled: dto.enabled ?? current.enabled,
    intervalMinutes: dto.interval_minutes ?? current.intervalMinutes,
    windowStart: dto.window_start ?? current.windowStart,
    windowEnd: dto.window_end ?? current.windowEnd,
    // The validator accepted it, so it has a canonical name.
    timeZone: dto.time_zone ? canonicalTimeZone(dto.time_zone)! : current.timeZone,
    maxItems: dto.max_items ?? current.maxItems,
    nightlyRetry: dto.nightly_retry ?? current.nightlyRetry,
    nightlyRetryTime: dto.nightly_retry_time ?? current.nightlyRetryTime,
  };
  if (next.windowEnd <= next.windowStart) {
    throw fieldProblem(
      'window_end',
      SchedulesErrorCode.WINDOW_INVALID,
      `must be after window_start (${next.windowStart}); a window cannot cross midnight`,
    );
  }
  return next;
}

/** Which of the tenant's schedules its settings call for. */
function wantedKinds(settings: ScheduleSettings): ScheduleKind[] {
  if (!settings.enabled) return [];
  return settings.nightlyRetry ? [...SCHEDULE_KINDS] : ['auto-sync'];
}

function note(kind: ScheduleKind, tenantId: string, s: ScheduleSettings): string {
  const what =
    kind === 'auto-sync'
      ? `Auto-sync of tenant ${tenantId}: pending items every ${s.intervalMinutes} min from ${s.windowStart} to ${s.windowEnd}`
      : `Nightly retry of tenant ${tenantId}: transiently failed items at ${s.nightlyRetryTime}`;
  return `${what} ${s.timeZone}, at most ${s.maxItems} items per run`;
}

/**
 * A tenant's auto-sync settings (table `sync_schedules`) and the Temporal schedules made from
 * them: `auto-sync-<tenant>` and, when asked for, `nightly-retry-<tenant>`.
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly repo: SchedulesRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(tenantId: string): Promise<ScheduleSettingsDto> {
    const row = await this.repo.find(tenantId);
    const settings = row ?? SCHEDULE_DEFAULTS;
    const schedules = await Promise.all(
      wantedKinds(settings).map((kind) => this.describe(kind, tenantId)),
    );
    return {
      enabled: settings.enabled,
      paused: settings.paused,
      interval_minutes: settings.intervalMinutes,
      window_start: settings.windowStart,
      window_end: settings.windowEnd,
      time_zone: settings.timeZone,
      max_items: settings.maxItems,
      nightly_retry: settings.nightlyRetry,
      nightly_retry_time: settings.nightlyRetryTime,
      updated_at: row?.updatedAt.toISOString() ?? null,
      schedules: schedules.filter((s): s is TemporalScheduleDto => s !== null),
    };
  }

  async put(tenantId: string, dto: PutScheduleSettingsDto): Promise<ScheduleSettingsDto> {
    await this.change(tenantId, (current) => merge(current, dto));
    return this.get(tenantId);
  }

  /** Pauses or resumes both of the tenant's schedules; a run in progress goes on. */
  async setPaused(tenantId: string, paused: boolean): Promise<ScheduleSettingsDto> {
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
  async trigger(tenantId: string, kind: ScheduleKind): Promise<TriggeredDto> {
    const row = await this.repo.find(tenantId);
    if (!row || !wantedKinds(row).includes(kind)) {
      throw new ProblemException(
        409,
        SchedulesErrorCode.SCHEDULE_NOT_ENABLED,
        `${kind === 'auto-sync' ? 'Auto-sync' : 'Nightly retry'} is not enabled`,
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

  private options(kind: ScheduleKind, tenantId: string, s: ScheduleSettings): ScheduledSyncOptions {
    const id = scheduleId(kind, tenantId);
    const tenantAttribute = [{ key: SA_TENANT_ID, value: tenantId }];
    return {
      scheduleId: id,
      spec: {
        calendars: kind === 'auto-sync' ? windowCalendars(s) : [nightlyCalendar(s)],
        timezone: s.timeZone,
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'scheduledSyncWorkflow' satisfies WorkflowType,
        // Temporal appends the scheduled time: auto-sync-acme-2025-01-15T08:10:00Z.
        workflowId: id,
        taskQueue: ORCHESTRATION_TASK_QUEUE,
        args: [{ tenantId, scheduleId: id, mode: SCHEDULE_MODES[kind], maxItems: s.maxItems }],
        typedSearchAttributes: tenantAttribute,
      },
      policies: {
        overlap: ScheduleOverlapPolicy.SKIP,
        catchupWindow: kind === 'auto-sync' ? s.intervalMinutes * 60_000 : NIGHTLY_CATCHUP_MS,
      },
      typedSearchAttributes: tenantAttribute,
      state: { paused: s.paused, note: note(kind, tenantId, s) },
    };
  }

  /** Updates the schedule in place (same id, same history), creating it the first time. */
  private async upsert(options: ScheduledSyncOptions): Promise<void> {
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
  private async describe(
    kind: ScheduleKind,
    tenantId: string,
  ): Promise<TemporalScheduleDto | null> {
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
