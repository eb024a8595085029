import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiTenantRoutes, ErrorDto } from '../common/api-docs';
import { StartsWorkflows } from '../api-rate-limit/rate-limit.decorators';
import {
  PutScheduleSettingsDto,
  ScheduleSettingsDto,
  TriggerScheduleDto,
  TriggeredDto,
} from './schedule-settings.dto';
import { SchedulesService } from './schedules.service';

@ApiTags('schedules')
@ApiTenantRoutes()
@Controller('api/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's auto-sync settings and its Temporal schedules" })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  get(@Auth() auth: AuthContext): Promise<ScheduleSettingsDto> {
    return this.schedules.get(auth.tenantId);
  }

  @Put()
  @ApiOperation({
    summary: 'Save the auto-sync settings',
    description:
      'Creates, updates (same schedule id) or deletes the Temporal schedules to match. Omitted fields keep their values.',
  })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: '`detail` names the bad field' })
  put(
    @Auth() auth: AuthContext,
    @Body() body: PutScheduleSettingsDto,
  ): Promise<ScheduleSettingsDto> {
    return this.schedules.put(auth.tenantId, body);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause auto-sync and nightly retry; a run in progress goes on' })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'Auto-sync is not enabled' })
  pause(@Auth() auth: AuthContext): Promise<ScheduleSettingsDto> {
    return this.schedules.setPaused(auth.tenantId, true);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume auto-sync and nightly retry after a pause' })
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'Auto-sync is not enabled' })
  resume(@Auth() auth: AuthContext): Promise<ScheduleSettingsDto> {
    return this.schedules.setPaused(auth.tenantId, false);
  }

  @Post('trigger')
  @HttpCode(202)
  @StartsWorkflows()
  @ApiOperation({
    summary: 'Run now',
    description:
      "Starts one action of the schedule at once, even while paused or outside the window. The run it creates appears in /api/sync/history with trigger 'schedule' (or 'retry').",
  })
  @ApiAcceptedResponse({ type: TriggeredDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: '`detail` names the bad field' })
  @ApiConflictResponse({
    type: ErrorDto,
    description: 'Not enabled, or a run of the schedule is in progress',
  })
  trigger(@Auth() auth: AuthContext, @Body() body: TriggerScheduleDto): Promise<TriggeredDto> {
    return this.schedules.trigger(auth.tenantId, body.schedule);
  }
}
