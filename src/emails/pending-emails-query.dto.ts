import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, ValidateBy, ValidationArguments } from 'class-validator';
import { isCalendarDate, isTimestamp } from '../common/validators';
import { EMAIL_STATUSES, EMAIL_TYPES, EmailStatus, EmailType } from '../contract/statuses';
import { PageNumber, PageSize } from '../common/validators';
import type { MatchingEmailIds } from '../contract/views-emails';

/** Items of an e-mail the pending list shows; GET /api/emails/:id has them all. */
export const LISTED_ITEMS = 5;
/** With at most LISTED_ITEMS items per e-mail, a full page stays small (tens of KB) and fast. */
export const MAX_PAGE_SIZE = 50;
export const MAX_SEARCH_LENGTH = 200;

/** `?search=` and `?received_from=` sent empty mean no filter, as when left out. */
const EmptyIsAbsent = () =>
  Transform(({ value }: { value: unknown }) => {
    const text = typeof value === 'string' ? value.trim() : value;
    return text === '' ? undefined : text;
  });

/** A day (`YYYY-MM-DD`, UTC) or an ISO 8601 date-time with an offset. */
export const isReceivedBound = (value: unknown): value is string =>
  isCalendarDate(value) || isTimestamp(value);

/** The instant a bound stands for: a day starts at 00:00 UTC, and as an upper bound ends at its last microsecond. */
export function receivedBoundInstant(value: string, end: 'from' | 'to'): string {
  if (!isCalendarDate(value)) return value;
  return end === 'from' ? `${value}T00:00:00Z` : `${value}T23:59:59.999999Z`;
}

const BOUND_MESSAGE =
  'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset (2026-11-01T10:00:00Z)';

function IsReceivedBound() {
  return ValidateBy({
    name: 'isReceivedBound',
    validator: { validate: isReceivedBound, defaultMessage: () => BOUND_MESSAGE },
  });
}

/** received_to not before received_from (checked when both are well formed). */
function IsNotBeforeReceivedFrom() {
  return ValidateBy({
    name: 'isNotBeforeReceivedFrom',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = (args?.object as { received_from?: unknown }).received_from;
        if (!isReceivedBound(value) || !isReceivedBound(from)) return true;
        return (
          Date.parse(receivedBoundInstant(value, 'to')) >=
          Date.parse(receivedBoundInstant(from, 'from'))
        );
      },
      defaultMessage: () => 'must not be before received_from',
    },
  });
}

function searchProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > MAX_SEARCH_LENGTH) return `must be at most ${MAX_SEARCH_LENGTH} characters`;
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  return null;
}

/** Which e-mails: the list's filters, also what `POST /api/sync/emails` takes as `filter`. */
export class PendingEmailsFilterDto {
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

  @ApiPropertyOptional({
    maxLength: MAX_SEARCH_LENGTH,
    example: 'grand paradise',
    description:
      'Case-insensitive substring of the subject, the sender, a hotel name (of a reservation or ' +
      'stop sale of the e-mail) or a voucher number; `%` and `_` match themselves. Empty: no filter.',
  })
  @IsOptional()
  @EmptyIsAbsent()
  @ValidateBy({
    name: 'isSearch',
    validator: {
      validate: (value: unknown) => searchProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) => searchProblem(args?.value) ?? '',
    },
  })
  search?: string;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description:
      'Received at or after (inclusive). A date is that day from 00:00 UTC; a date-time needs an offset.',
  })
  @IsOptional()
  @EmptyIsAbsent()
  @IsReceivedBound()
  received_from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description:
      'Received at or before (inclusive). A date is that whole day, to its end in UTC; a date-time needs an offset. Not before received_from.',
  })
  @IsOptional()
  @EmptyIsAbsent()
  @IsReceivedBound()
  @IsNotBeforeReceivedFrom()
  received_to?: string;
}

export class PendingEmailsQueryDto extends PendingEmailsFilterDto {
  @PageNumber()
  page: number = 1;

  @PageSize(MAX_PAGE_SIZE, 50)
  limit: number = 50;
}

/** `GET /api/emails/pending/ids`: every matching e-mail, for "select all matching". */
export class MatchingEmailIdsDto implements MatchingEmailIds {
  @ApiProperty({ type: [Number], description: 'Newest first, as the list orders them' })
  ids: number[];

  @ApiProperty({ description: 'How many match (the length of `ids`)' })
  total: number;
}
