import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ApiError, TOO_MANY } from '../common/api-docs';
import { HealthDto, LivenessDto } from './health.dto';
import { HealthReport, HealthService } from './health.service';

const READINESS =
  'PostgreSQL and Temporal (never Sedna): 200, or 503 naming what is down. Says too whether a ' +
  'worker polls the task queues `sedna-sync` (workflows) and `sedna-calls` (Sedna calls), and ' +
  'since when none does (`status: degraded`, still 200: a missing worker is not fixed by ' +
  'taking the API out of service).';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness (as /health/ready)', description: READINESS })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency is down' })
  @ApiError(429, `${TOO_MANY} (only a request carrying a tenant token is charged)`)
  check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    return this.ready(res);
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'Readiness: PostgreSQL, Temporal, and who polls',
    description: READINESS,
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency is down' })
  @ApiError(429, `${TOO_MANY} (only a request carrying a tenant token is charged)`)
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const report = await this.health.check();
    if (!report.healthy) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return healthAnswer(report);
  }

  @Get('live')
  @Public()
  @ApiOperation({
    summary: 'Liveness: the process answers (no dependency is asked)',
    description:
      'For a liveness probe: an outage of PostgreSQL or Temporal never restarts the API.',
  })
  @ApiOkResponse({ type: LivenessDto })
  @ApiError(429, `${TOO_MANY} (only a request carrying a tenant token is charged)`)
  live(): LivenessDto {
    return { status: 'ok' };
  }
}

function healthAnswer({ healthy, checks, workers }: HealthReport): HealthDto {
  if (!healthy) {
    const down = (['database', 'temporal'] as const).filter((name) => checks[name] === 'down');
    return {
      status: 'unavailable',
      detail: `Unavailable: ${down.join(', ')} down`,
      checks,
      workers,
    };
  }
  if (workers.polling !== false) return { status: 'ok', checks, workers };
  const idle = workers.queues
    .filter((q) => q.pollers === 0)
    .map((q) => `${q.task_queue} (${q.kind} tasks) since ${q.no_worker_since}`);
  return { status: 'degraded', detail: `No worker polls ${idle.join(', ')}`, checks, workers };
}
