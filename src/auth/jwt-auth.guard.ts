import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { verify } from 'jsonwebtoken';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TenantsService } from '../tenants/tenants.service';
import { AuthContext, IS_PUBLIC, QUERY_TOKEN_ALLOWED } from './auth.decorators';

const TENANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
    const allowQuery = this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_ALLOWED, targets);
    const token = this.tokenOf(req, allowQuery);
    if (!token) throw new UnauthorizedException({ detail: 'Not authenticated' });
    req.auth = this.verify(token);
    await this.tenants.ensureRegistered(req.auth.tenantId);
    return true;
  }

  private tokenOf(req: Request, allowQuery: boolean): string | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
    const query = req.query.access_token;
    return allowQuery && typeof query === 'string' ? query : undefined;
  }

  private verify(token: string): AuthContext {
    let claims: unknown;
    try {
      claims = verify(token, this.config.jwtSecret, { algorithms: ['HS256'] });
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new UnauthorizedException({ detail: expired ? 'Token expired' : 'Invalid token' });
    }
    const { tenant_id: tenantId, sub } = (claims ?? {}) as { tenant_id?: unknown; sub?: unknown };
    const id = typeof tenantId === 'number' ? String(tenantId) : tenantId;
    if (typeof id !== 'string' || !TENANT_ID.test(id)) {
      throw new UnauthorizedException({ detail: 'Token has no valid tenant_id claim' });
    }
    return { tenantId: id, subject: typeof sub === 'string' ? sub : null };
  }
}
