import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { AuthContext } from '../auth/auth.decorators';
import { STARTS_WORKFLOWS, type StartsNoWork } from './rate-limit.decorators';
import { SharedRateLimiter } from './shared-rate-limiter';

/**
 * The stricter budget of the routes that start Temporal work (`@StartsWorkflows()`); runs after
 * JwtAuthGuard, which sets `req.auth`. The budget of every request is charged earlier, by the
 * tenantRateLimit middleware, before the body is read.
 */
@Injectable()
export class TenantRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: SharedRateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const { auth, body } = http.getRequest<Request & { auth?: AuthContext }>();
    // Public routes (health, metrics, docs) have no tenant to charge.
    if (!auth) return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const starts = this.reflector.getAllAndOverride<true | StartsNoWork | undefined>(
      STARTS_WORKFLOWS,
      targets,
    );
    if (!starts || (starts !== true && starts(body))) return true;
    const wait = await this.limiter.take(auth.tenantId, 'workflow_starts');
    if (!wait) return true;
    const seconds = Math.max(1, Math.ceil(wait));
    http.getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(
      { detail: `Too many requests for this tenant; retry after ${seconds} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
