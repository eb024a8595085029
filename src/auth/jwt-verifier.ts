import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import type { Request } from 'express';
import { decode, verify } from 'jsonwebtoken';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AuthContext } from './auth.decorators';

const TENANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;
/** Keys of the JWKS are kept this long; an unknown `kid` refetches at most once per cooldown. */
const JWKS_TTL_MS = 10 * 60_000;
const JWKS_REFETCH_COOLDOWN_MS = 30_000;
const JWKS_TIMEOUT_MS = 5_000;

interface Jwk {
  kid?: string;
  kty?: string;
  use?: string;
  alg?: string;
}

/** The public keys published at JWT_JWKS_URL, by `kid`, fetched lazily and cached. */
class JwksKeys {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private failed = false;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly url: string) {}

  /** The key for `kid`; throws when the JWKS cannot be fetched and no cached key fits. */
  async key(kid: string | undefined): Promise<KeyObject | undefined> {
    const age = Date.now() - this.fetchedAt;
    const known = this.pick(kid);
    if (known && age < JWKS_TTL_MS) return known;
    if (!known && age < JWKS_REFETCH_COOLDOWN_MS) {
      if (this.failed) throw new Error('JWKS unavailable');
      return undefined;
    }
    try {
      await (this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined)));
    } catch (err) {
      // A stale key still verifies while the issuer's endpoint is down.
      if (known) return known;
      throw err;
    }
    return this.pick(kid);
  }

  private pick(kid: string | undefined): KeyObject | undefined {
    if (kid !== undefined) return this.keys.get(kid);
    // A token without `kid` is accepted only when the set holds a single key.
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  private async refresh(): Promise<void> {
    this.fetchedAt = Date.now();
    this.failed = true;
    const res = await fetch(this.url, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`JWKS ${this.url} answered ${res.status}`);
    const { keys } = (await res.json()) as { keys?: Jwk[] };
    const next = new Map<string, KeyObject>();
    for (const [i, jwk] of (keys ?? []).entries()) {
      if (jwk.kty !== 'RSA' || (jwk.use && jwk.use !== 'sig')) continue;
      if (jwk.alg && jwk.alg !== 'RS256') continue;
      next.set(jwk.kid ?? `#${i}`, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
    }
    this.keys = next;
    this.failed = false;
  }
}

/** A token the rate-limit middleware has verified already, so the guard does not do it twice. */
const VERIFIED = Symbol('verified-token');
type WithVerified = Request & { [VERIFIED]?: { token: string; auth: AuthContext } };

function unauthorized(detail: string): UnauthorizedException {
  return new UnauthorizedException({ detail });
}

/**
 * Verifies bearer tokens: HS256 with JWT_SECRET, or RS256 with a key of JWT_JWKS_URL when it is
 * set; then `iss` and `aud` when configured, and the `tenant_id` claim. Any other `alg` (e.g.
 * `none`) is refused. Used by the auth guard and by the rate-limit middleware.
 */
@Injectable()
export class JwtVerifier {
  private readonly jwks: JwksKeys | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jwks = config.jwtJwksUrl ? new JwksKeys(config.jwtJwksUrl) : undefined;
  }

  /** `verify`, once per request and token. */
  async verifyFor(req: Request, token: string): Promise<AuthContext> {
    const done = (req as WithVerified)[VERIFIED];
    if (done?.token === token) return done.auth;
    const auth = await this.verify(token);
    (req as WithVerified)[VERIFIED] = { token, auth };
    return auth;
  }

  async verify(token: string): Promise<AuthContext> {
    const header = decode(token, { complete: true })?.header;
    let claims: unknown;
    try {
      if (header?.alg === 'RS256' && this.jwks) {
        const key = await this.jwks.key(header.kid).catch(() => {
          throw new ServiceUnavailableException({
            detail: 'Token signing keys (JWT_JWKS_URL) unavailable, try again',
          });
        });
        if (!key) throw unauthorized('Invalid token: unknown signing key');
        claims = verify(token, key, { algorithms: ['RS256'] });
      } else {
        claims = verify(token, this.config.jwtSecret, { algorithms: ['HS256'] });
      }
    } catch (err) {
      if (err instanceof UnauthorizedException || err instanceof ServiceUnavailableException)
        throw err;
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw unauthorized(expired ? 'Token expired' : 'Invalid token');
    }
    return this.context((claims ?? {}) as Record<string, unknown>);
  }

  private context(claims: Record<string, unknown>): AuthContext {
    const { jwtIssuer, jwtAudience } = this.config;
    if (jwtIssuer !== undefined && claims.iss !== jwtIssuer) {
      throw unauthorized('Token iss claim is not the expected issuer');
    }
    if (jwtAudience !== undefined) {
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.includes(jwtAudience)) throw unauthorized('Token aud claim does not name this API');
    }
    const { tenant_id: tenantId, sub } = claims;
    const id = typeof tenantId === 'number' ? String(tenantId) : tenantId;
    if (typeof id !== 'string' || !TENANT_ID.test(id)) {
      throw unauthorized('Token has no valid tenant_id claim');
    }
    return { tenantId: id, subject: typeof sub === 'string' ? sub : null };
  }
}
