import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { IsIntBetween } from '../common/validators';
import { EMAIL_STATUSES, EMAIL_TYPES, EmailStatus, EmailType } from './email.entity';

/** Items of an e-mail the pending list shows; GET /api/emails/:id has them all. */
export const LISTED_ITEMS = 5;
/** With at most LISTED_ITEMS items per e-mail, a full page stays small (tens of KB) and fast. */
export const MAX_PAGE_SIZE = 50;
// Keeps OFFSET within what PostgreSQL accepts whatever the limit.
const MAX_PAGE = 1_000_000;

export class PendingEmailsQueryDto {
  @ApiPropertyOptional({ enum: EMAIL_TYPES })
  @IsOptional()
  @IsIn(EMAIL_TYPES, { message: `must be one of ${EMAIL_TYPES.join(', ')}` })
  type?: EmailType;

  @ApiPropertyOptional({
    enum: EMAIL_STATUSES,
    default: 'pending',
    description: 'Without it, only pending e-mails are listed',
  })
  @IsOptional()
  @IsIn(EMAIL_STATUSES, { message: `must be one of ${EMAIL_STATUSES.join(', ')}` })
  status?: EmailStatus;

  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsIntBetween(1, MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsIntBetween(1, MAX_PAGE_SIZE)
  limit: number = 50;
}
