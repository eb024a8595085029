import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The body of every error answer (src/common/http-exception.filter.ts, the rate limit's 429). */
export class ErrorDto {
  @ApiProperty({ example: 'page: must not be greater than 1000000' })
  detail: string;

  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  status: number;
}

/** One documented error answer in the shared shape. */
export const ApiError = (status: number, description: string) =>
  ApiResponse({ status, type: ErrorDto, description });

export const UNAUTHORIZED = 'Missing, invalid or expired token';
export const TOO_MANY =
  "Over the tenant's request budget (`Retry-After` says when to try again); other tenants are not slowed";
export const UNAVAILABLE = 'PostgreSQL or Temporal is unreachable; try again later';

/**
 * Every tenant route (all under JWT): bearer auth, 401, 429 and 503 in the shared error shape.
 * A route may add its own 503 description on top (e.g. Sedna unreachable).
 */
export const ApiTenantRoutes = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiError(401, UNAUTHORIZED),
    ApiError(429, TOO_MANY),
    ApiError(503, UNAVAILABLE),
  );
