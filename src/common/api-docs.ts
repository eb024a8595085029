import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './http-exception.filter';
import { CommonErrorCode, defaultCode } from './problem';

/** One field's problem in a 400. */
export class FieldProblemDto {
  @ApiProperty({ example: 'email_ids[0]' })
  field: string;

  @ApiProperty({ example: 'IS_INT', description: 'The rule the field broke' })
  code: string;

  @ApiProperty({ example: 'each value in email_ids must be an integer number' })
  message: string;
}

/** Every error answer: an RFC 9457 problem (src/common/http-exception.filter.ts). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:sedna-sync:problem:validation-failed' })
  type: string;

  @ApiProperty({
    example: 'Validation failed',
    description: 'The same for every problem of a code',
  })
  title: string;

  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  status: number;

  @ApiProperty({ example: 'page: must not be greater than 1000000' })
  detail: string;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: 'Stable, for programs: see each answer',
  })
  code: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Validation: each field at fault' })
  errors?: FieldProblemDto[];
}

/**
 * One documented error answer: a problem whose `code` is one of `codes` (by default the code
 * of its status). `type` names a richer problem schema (a 409 with `existing`).
 */
export const ApiError = (
  status: number,
  description: string,
  codes: readonly string[] = [defaultCode(status)],
  type: Type<unknown> = ProblemDto,
) =>
  applyDecorators(
    ApiExtraModels(ProblemDto, type),
    ApiResponse({
      status,
      description: `${description} — \`code\`: ${codes.join(', ')}`,
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: {
            allOf: [
              { $ref: getSchemaPath(type) },
              { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } },
            ],
          },
        },
      },
    }),
  );

/** What any body can be refused for before its own rules: shape, JSON, size, depth. */
export const BODY_CODES = [
  CommonErrorCode.VALIDATION_FAILED,
  CommonErrorCode.INVALID_JSON,
  CommonErrorCode.BODY_TOO_DEEP,
] as const;

export const UNAUTHORIZED = 'Missing, invalid or expired token';
export const TOO_MANY =
  "Over the tenant's request budget (`Retry-After` says when to try again); other tenants are not slowed";
export const UNAVAILABLE = 'PostgreSQL or Temporal is unreachable; try again later';
export const OUTAGE_CODES = [
  CommonErrorCode.DATABASE_UNAVAILABLE,
  CommonErrorCode.TEMPORAL_UNAVAILABLE,
  CommonErrorCode.SERVICE_UNAVAILABLE,
] as const;

/**
 * Every tenant route (all under JWT): bearer auth, 401, 429 and 503 in the shared error shape.
 * A route may add its own 503 description on top (e.g. Sedna unreachable).
 */
export const ApiTenantRoutes = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiError(401, UNAUTHORIZED),
    ApiError(429, TOO_MANY),
    ApiError(503, UNAVAILABLE, OUTAGE_CODES),
  );
