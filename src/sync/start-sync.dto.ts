import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsInt, Max, Min } from 'class-validator';
import type { SyncStarted } from '../contract/views-sync';

export class StartSyncDto {
  @ApiProperty({ type: [Number], description: 'Ids of the e-mails whose items to push to Sedna' })
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  email_ids: number[];
}

export class StartSyncResponse implements SyncStarted {
  @ApiProperty() sync_id: string;
  @ApiProperty({ enum: ['started'] }) status: 'started';
  @ApiProperty() total_items: number;
}
