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
import { HealthDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and readiness: PostgreSQL and Temporal (never Sedna)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency is down' })
  @ApiError(429, `${TOO_MANY} (only a request carrying a tenant token is charged)`)
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const { healthy, checks } = await this.health.check();
    if (healthy) return { status: 'ok', checks };
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    return { status: 'unavailable', detail: `Unavailable: ${down.join(', ')} down`, checks };
  }
}
