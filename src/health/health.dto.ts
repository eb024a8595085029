import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TaskQueuePollersView, WorkersView } from '../contract/views';

const CHECK_STATES = ['up', 'down'];

class HealthChecksDto {
  @ApiProperty({ enum: CHECK_STATES })
  database: string;

  @ApiProperty({ enum: CHECK_STATES })
  temporal: string;

  @ApiProperty({
    enum: [...CHECK_STATES, 'unknown'],
    description:
      'A worker polls both task queues (`up`), not one of them (`down`), or Temporal did not ' +
      'say (`unknown`); never makes the API unready',
  })
  workers: string;
}

export class TaskQueuePollersDto implements TaskQueuePollersView {
  @ApiProperty({ example: 'sedna-sync' }) task_queue: string;
  @ApiProperty({ enum: ['workflow', 'activity'] }) kind: TaskQueuePollersView['kind'];
  @ApiProperty({ description: 'Pollers Temporal saw in the last 75 s' }) pollers: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The newest poll Temporal recorded (it forgets a gone poller after 5 min)',
  })
  last_poll_at: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When no worker polls: the last poll seen (or when the API first saw none)',
  })
  no_worker_since: string | null;
}

export class WorkersDto implements WorkersView {
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Every queue has a poller; null when Temporal did not answer',
  })
  polling: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  no_worker_since: string | null;
  @ApiProperty({ format: 'date-time' }) checked_at: string;
  @ApiProperty({ type: [TaskQueuePollersDto] }) queues: TaskQueuePollersDto[];
}

export class HealthDto {
  @ApiProperty({
    enum: ['ok', 'degraded', 'unavailable'],
    description:
      '`degraded`: PostgreSQL and Temporal answer but no worker polls a task queue (still 200)',
  })
  status: 'ok' | 'degraded' | 'unavailable';

  @ApiPropertyOptional({
    example: 'No worker polls sedna-sync (workflow tasks) since 2026-12-04T10:00:00.000Z',
    description: 'What is down; absent when all is well',
  })
  detail?: string;

  @ApiProperty({ type: HealthChecksDto })
  checks: HealthChecksDto;

  @ApiProperty({ type: WorkersDto })
  workers: WorkersDto;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}
