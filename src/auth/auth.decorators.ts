import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export interface AuthContext {
  tenantId: string;
  subject: string | null;
}

export const IS_PUBLIC = 'auth:public';
export const QUERY_TOKEN_ALLOWED = 'auth:query-token';

/** No token needed (health, metrics, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Accepts `?access_token=`: browsers' EventSource cannot set headers. */
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN_ALLOWED, true);

export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<Request & { auth: AuthContext }>();
  return req.auth;
});
