import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { TenantsService } from '../tenants/tenants.service';
import { AuthContext, IS_PUBLIC, QUERY_TOKEN_ALLOWED } from './auth.decorators';
import { JwtVerifier } from './jwt-verifier';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
    const allowQuery = this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_ALLOWED, targets);
    const token = this.tokenOf(req, allowQuery);
    if (!token) throw new UnauthorizedException({ detail: 'Not authenticated' });
    req.auth = await this.verifier.verifyFor(req, token);
    await this.tenants.ensureRegistered(req.auth.tenantId);
    return true;
  }

  private tokenOf(req: Request, allowQuery: boolean): string | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
    const query = req.query.access_token;
    return allowQuery && typeof query === 'string' ? query : undefined;
  }
}
