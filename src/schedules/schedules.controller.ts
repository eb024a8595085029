import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { StartsWorkflows } from '../rate-limit/rate-limit.decorators';
import {
  PutScheduleSettingsDto,
  ScheduleSettingsDto,
  TriggerScheduleDto,
  TriggeredDto,
} from './schedule-settings.dto';
import { SchedulesService } from './schedules.service';

@ApiTags('schedules')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
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
  @ApiBadRequestResponse({ description: '`detail` names the bad field' })
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
  @ApiConflictResponse({ description: 'Auto-sync is not enabled' })
  pause(@Auth() auth: AuthContext): Promise<ScheduleSettingsDto> {
    return this.schedules.setPaused(auth.tenantId, true);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleSettingsDto })
  @ApiConflictResponse({ description: 'Auto-sync is not enabled' })
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
  @ApiConflictResponse({ description: 'Not enabled, or a run of the schedule is in progress' })
  trigger(@Auth() auth: AuthContext, @Body() body: TriggerScheduleDto): Promise<TriggeredDto> {
    return this.schedules.trigger(auth.tenantId, body.schedule);
  }
}
