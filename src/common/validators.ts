import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsOptional, IsUrl, Matches, ValidateBy, ValidationArguments } from 'class-validator';

/** Room and board codes as Sedna knows them (STDSV, DBL, AI…). */
export const CODE_PATTERN = /^[A-Za-z0-9]{1,16}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** `YYYY-MM-DD` naming a day that exists (2025-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** ISO 8601 date-time with an explicit offset, so the instant is never guessed. */
export function isTimestamp(value: unknown): value is string {
  const match = typeof value === 'string' ? TIMESTAMP_PATTERN.exec(value) : null;
  return !!match && isCalendarDate(match[1]);
}

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

const upperCase = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value);

export const UpperCase = () => Transform(({ value }: { value: unknown }) => upperCase(value));

function textProblem(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (!value) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  // PostgreSQL text cannot hold NUL; without this check such input would be a 500.
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  return null;
}

/** A non-blank string of at most `max` characters, trimmed. */
export function IsText(max: number) {
  return applyDecorators(
    trim,
    ValidateBy({
      name: 'isText',
      validator: {
        validate: (value: unknown) => textProblem(value, max) === null,
        defaultMessage: (args?: ValidationArguments) => textProblem(args?.value, max) ?? '',
      },
    }),
  );
}

/** A room or board code, stored upper-cased. */
/**
 * An http(s) URL of at most 500 characters (the Sedna API URL, a webhook target); the outbound
 * rules (src/outbound/outbound-url.ts) are checked by the service.
 */
export function IsOutboundUrl(message: string) {
  // In the order the two stood on the properties (the lower one is applied first).
  return applyDecorators(
    IsUrl(
      {
        protocols: ['http', 'https'],
        require_protocol: true,
        require_tld: false,
        allow_underscores: true,
      },
      { message },
    ),
    IsText(500),
  );
}

export function IsCode() {
  return applyDecorators(
    UpperCase(),
    Matches(CODE_PATTERN, { message: 'must be a code of 1-16 letters or digits' }),
  );
}

/** A list of room or board codes, upper-cased and de-duplicated. */
export function IsCodeList(maxItems: number) {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value) ? [...new Set(value.map(upperCase))] : value,
    ),
    ValidateBy({
      name: 'isCodeList',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length <= maxItems &&
          value.every((code) => typeof code === 'string' && CODE_PATTERN.test(code)),
        defaultMessage: () =>
          `must be null or a list of at most ${maxItems} codes of 1-16 letters or digits`,
      },
    }),
  );
}

/** The highest page number a list takes: it keeps OFFSET within what PostgreSQL accepts. */
export const MAX_PAGE = 1_000_000;

/** A list's page number: optional, an integer from 1 to MAX_PAGE (`page=1e300` is refused). */
export function PageNumber() {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE }),
    IsOptional(),
    Type(() => Number),
    IsIntBetween(1, MAX_PAGE),
  );
}

/**
 * A list's page size: optional, an integer from 1; above `max` it is clamped to `max` (the
 * answer's `limit` says the size used), so a client asking for more still gets a page
 * (docs/API_CHANGELOG.md, 1.1.0).
 */
export function PageSize(max: number, defaultSize: number) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      default: defaultSize,
      minimum: 1,
      maximum: max,
      description: `Above ${max}, ${max} is used (the answer's \`limit\` says the size used)`,
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) && n > max ? max : n;
    }),
    IsIntBetween(1, max),
  );
}

export function IsIntBetween(min: number, max: number) {
  return ValidateBy({
    name: 'isIntBetween',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      defaultMessage: () => `must be an integer from ${min} to ${max}`,
    },
  });
}

export function IsCalendarDate() {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: () => 'must be a real calendar date YYYY-MM-DD',
    },
  });
}

export function IsTimestamp() {
  return ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: isTimestamp,
      defaultMessage: () =>
        'must be an ISO 8601 date-time with a time zone, e.g. 2025-01-15T09:30:00Z',
    },
  });
}

function siblingDate(args: ValidationArguments, property: string): unknown {
  return (args.object as Record<string, unknown>)[property];
}

/**
 * Orders two date fields of one record. Invalid dates pass here: their own
 * `@IsCalendarDate()` already reports them.
 */
export function IsDateAfter(property: string, options: { orEqual: boolean }) {
  return ValidateBy({
    name: 'isDateAfter',
    constraints: [property],
    validator: {
      validate: (value: unknown, args: ValidationArguments) => {
        const other = siblingDate(args, property);
        if (!isCalendarDate(value) || !isCalendarDate(other)) return true;
        return options.orEqual ? value >= other : value > other;
      },
      defaultMessage: () =>
        options.orEqual ? `must not be before ${property}` : `must be after ${property}`,
    },
  });
}

/** An array of `min` to `max` entries (their contents are checked by `@ValidateNested`). */
export function IsList(min: number, max: number, noun: string) {
  return ValidateBy({
    name: 'isList',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.length >= min && value.length <= max,
      defaultMessage: (args?: ValidationArguments) =>
        Array.isArray(args?.value)
          ? `must hold ${min} to ${max} ${noun}, not ${args.value.length}`
          : `must be an array of ${noun}`,
    },
  });
}
