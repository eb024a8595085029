import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, ValidateBy } from 'class-validator';
import { IsText, isCalendarDate, isTimestamp } from '../common/validators';
import { ITEM_ERROR_CODES, type ItemErrorCode } from '../contract/item-errors';
import type { RetryFailedRequest, RetryFailedResponse } from '../contract/views-sync';
import { RetrySyncDto } from './sync-result.dto';

const ERROR_CODES = Object.values(ITEM_ERROR_CODES);
export const MAX_HOTEL_FILTER_LENGTH = 200;

/** `since`: a day (from 00:00 UTC) or an ISO 8601 date-time with an offset. */
export function sinceInstant(since: string): Date {
  return new Date(isCalendarDate(since) ? `${since}T00:00:00Z` : since);
}

/** A dry run starts nothing: it does not spend the tenant's workflow-start budget. */
export function isDryRun(body: unknown): boolean {
  return (body as { dry_run?: unknown } | null)?.dry_run === true;
}

/**
 * Body of `POST /api/sync/retry-failed`: which of the tenant's failed items, across runs; with
 * a run's retry's `include_needs_change`.
 */
export class RetryFailedDto extends RetrySyncDto implements RetryFailedRequest {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description:
      'Only items whose latest failure is at or after this instant. A date is that day from ' +
      '00:00 UTC; a date-time needs an offset.',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isSince',
    validator: {
      validate: (value: unknown) => isCalendarDate(value) || isTimestamp(value),
      defaultMessage: () =>
        'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset (2026-11-01T10:00:00Z)',
    },
  })
  since?: string;

  @ApiPropertyOptional({ enum: ERROR_CODES, description: 'Only items that failed with this code' })
  @IsOptional()
  @IsIn(ERROR_CODES, { message: `must be one of ${ERROR_CODES.join(', ')}` })
  code?: ItemErrorCode;

  @ApiPropertyOptional({
    maxLength: MAX_HOTEL_FILTER_LENGTH,
    example: 'mandarin',
    description: 'Only items whose hotel name contains this text (case-insensitive)',
  })
  @IsOptional()
  @IsText(MAX_HOTEL_FILTER_LENGTH)
  hotel?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Only count what a retry would take; nothing is started',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean value' })
  dry_run?: boolean;
}

export class RetryFailedResultDto implements RetryFailedResponse {
  @ApiProperty() dry_run: boolean;
  @ApiProperty({ description: 'Items the retry takes (or, in a dry run, would take)' })
  count: number;
  @ApiProperty({ description: 'Items left out because they need a change first' })
  skipped_needs_change: number;
  @ApiProperty({ description: 'Runs the items failed in' })
  runs: number;
  @ApiProperty({
    description: 'The items taken, by the code they failed with',
    example: { HOTEL_NOT_FOUND: 3, SEDNA_UNREACHABLE: 12 },
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  by_code: Partial<Record<ItemErrorCode, number>>;
  @ApiProperty({ description: 'Most items one bulk retry takes' })
  max_items: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The new run (not in a dry run)' })
  sync_id?: string;
  @ApiPropertyOptional({ enum: ['started'] }) status?: 'started';
}
