import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import {
  ApiError,
  ApiTenantRoutes,
  BODY_CODES,
  OUTAGE_CODES,
  UNAVAILABLE,
} from '../common/api-docs';
import { StartsWorkflows } from '../api-rate-limit/rate-limit.decorators';
import {
  PutScheduleSettingsDto,
  ScheduleSettingsDto,
  TriggerScheduleDto,
  TriggeredDto,
} from './schedule-settings.dto';
import type { ScheduleSettingsView, ScheduleTriggered } from '../contract/views-schedules';
import { SchedulesService } from './schedules.service';
import { SchedulesErrorCode } from './schedules.errors';

/** Temporal's schedules behind the route: an outage of theirs is a 503 too. */
const TEMPORAL_CODES = [...OUTAGE_CODES, SchedulesErrorCode.TEMPORAL_SCHEDULES_UNAVAILABLE];

@ApiTags('schedules')
@ApiTenantRoutes()
@Controller('api/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiOperation({
    summary:
      "The tenant's schedule settings (auto-sync, nightly retry, drift check) and its Temporal schedules",
  })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  get(@Auth() auth: AuthContext): Promise<ScheduleSettingsView> {
    return this.schedules.get(auth.tenantId);
  }

  @Put()
  @ApiOperation({
    summary: 'Save the schedule settings',
    description:
      'Creates, updates (same schedule id) or deletes the Temporal schedules to match. Omitted fields keep their values.',
  })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiError(400, '`errors` names the bad field', [
    ...BODY_CODES,
    SchedulesErrorCode.WINDOW_INVALID,
    SchedulesErrorCode.TIME_ZONE_UNKNOWN,
  ])
  @ApiError(503, UNAVAILABLE, TEMPORAL_CODES)
  put(
    @Auth() auth: AuthContext,
    @Body() body: PutScheduleSettingsDto,
  ): Promise<ScheduleSettingsView> {
    return this.schedules.put(auth.tenantId, body);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pause all of the tenant’s schedules; a run (or check) in progress goes on',
  })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiError(409, 'Auto-sync is not enabled', [SchedulesErrorCode.SCHEDULE_NOT_ENABLED])
  @ApiError(503, UNAVAILABLE, TEMPORAL_CODES)
  pause(@Auth() auth: AuthContext): Promise<ScheduleSettingsView> {
    return this.schedules.setPaused(auth.tenantId, true);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume the tenant’s schedules after a pause' })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiError(409, 'Auto-sync is not enabled', [SchedulesErrorCode.SCHEDULE_NOT_ENABLED])
  @ApiError(503, UNAVAILABLE, TEMPORAL_CODES)
  resume(@Auth() auth: AuthContext): Promise<ScheduleSettingsView> {
    return this.schedules.setPaused(auth.tenantId, false);
  }

  @Post('trigger')
  @HttpCode(202)
  @StartsWorkflows()
  @ApiOperation({
    summary: 'Run now',
    description:
      "Starts one action of the schedule at once, even while paused or outside the window. The run it creates appears in /api/sync/history with trigger 'schedule' (or 'retry'); a drift check (`drift-check`) appears in /api/reconcile with trigger 'schedule'.",
  })
  @ApiAcceptedResponse({ type: TriggeredDto })
  @ApiError(400, '`errors` names the bad field', BODY_CODES)
  @ApiError(409, 'Not enabled, or a run of the schedule is in progress', [
    SchedulesErrorCode.SCHEDULE_NOT_ENABLED,
    SchedulesErrorCode.SCHEDULE_RUN_IN_PROGRESS,
  ])
  @ApiError(503, UNAVAILABLE, TEMPORAL_CODES)
  trigger(@Auth() auth: AuthContext, @Body() body: TriggerScheduleDto): Promise<ScheduleTriggered> {
    return this.schedules.trigger(auth.tenantId, body.schedule);
  }
}
