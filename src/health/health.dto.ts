import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const CHECK_STATES = ['up', 'down'];

class HealthChecksDto {
  @ApiProperty({ enum: CHECK_STATES })
  database: string;

  @ApiProperty({ enum: CHECK_STATES })
  temporal: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiPropertyOptional({
    example: 'Unavailable: temporal is down',
    description: 'Only when unavailable',
  })
  detail?: string;

  @ApiProperty({ type: HealthChecksDto })
  checks: HealthChecksDto;
}
