import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RUN_STATUSES, RUN_TRIGGERS, RunStatus, RunTrigger } from '../contract/statuses';
import { PageNumber, PageSize } from '../common/validators';

/** The most runs one history page holds. */
export const MAX_HISTORY_PAGE_SIZE = 100;

export class SyncHistoryQuery {
  @PageNumber()
  page: number = 1;

  @PageSize(MAX_HISTORY_PAGE_SIZE, 20)
  limit: number = 20;

  @ApiPropertyOptional({ enum: RUN_STATUSES, description: 'Only runs in this status' })
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `must be one of ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;

  @ApiPropertyOptional({ enum: RUN_TRIGGERS, description: 'Only runs started this way' })
  @IsOptional()
  @IsIn(RUN_TRIGGERS, { message: `must be one of ${RUN_TRIGGERS.join(', ')}` })
  trigger?: RunTrigger;
}
