import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { AuthContext } from '../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { STARTS_WORKFLOWS } from './rate-limit.decorators';
import { TenantBuckets } from './tenant-buckets';

/**
 * Per-tenant request budget; runs after JwtAuthGuard, which sets `req.auth`. Guards run once
 * per request, so a progress stream counts once, when it opens.
 */
@Injectable()
export class TenantRateLimitGuard implements CanActivate {
  private readonly requests: TenantBuckets;
  private readonly workflowStarts: TenantBuckets;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.requests = new TenantBuckets(config.apiRateLimit);
    this.workflowStarts = new TenantBuckets(config.apiRateLimit.workflowStarts);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const http = ctx.switchToHttp();
    const { auth } = http.getRequest<Request & { auth?: AuthContext }>();
    // Public routes (health, metrics, docs) have no tenant to charge.
    if (!auth) return true;
    const wait = this.requests.take(auth.tenantId) || this.startBudgetWait(ctx, auth.tenantId);
    if (!wait) return true;
    const seconds = Math.ceil(wait);
    http.getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(
      { detail: `Too many requests for this tenant; retry after ${seconds} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private startBudgetWait(ctx: ExecutionContext, tenantId: string): number {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const startsWork = this.reflector.getAllAndOverride<boolean>(STARTS_WORKFLOWS, targets);
    return startsWork ? this.workflowStarts.take(tenantId) : 0;
  }
}
