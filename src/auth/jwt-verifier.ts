import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AuthContext } from './auth.decorators';

const TENANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;
/** What a JWKS may sign with: the algorithms its keys name (RSA, P-256, Ed25519). */
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
/** Keys of the JWKS are kept this long; an unknown `kid` refetches at most once per cooldown. */
const JWKS_TTL_MS = 10 * 60_000;
const JWKS_REFETCH_COOLDOWN_MS = 30_000;
const JWKS_TIMEOUT_MS = 5_000;

/** What a token fails on by itself (a 401); anything else while verifying is the JWKS's (a 503). */
const TOKEN_ERRORS = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKInvalid,
];

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** A token the rate-limit middleware has verified already, so the guard does not do it twice. */
const VERIFIED = Symbol('verified-token');
type WithVerified = Request & { [VERIFIED]?: { token: string; auth: AuthContext } };

function unauthorized(detail: string): UnauthorizedException {
  return new UnauthorizedException({ detail });
}

function unavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    detail: 'Token signing keys (JWT_JWKS_URL) unavailable, try again',
  });
}

/** The 401 of a token jose refused. */
function refusal(err: unknown): UnauthorizedException {
  if (err instanceof errors.JWTExpired) return unauthorized('Token expired');
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'exp') {
    return unauthorized('Token has no valid exp claim (it is required)');
  }
  if (err instanceof errors.JWKSNoMatchingKey) {
    return unauthorized('Invalid token: unknown signing key');
  }
  return unauthorized('Invalid token');
}

/**
 * Verifies bearer tokens with jose: HS256 with JWT_SECRET, or RS256, ES256 and EdDSA with a key
 * of JWT_JWKS_URL when it is set (fetched lazily, kept 10 min; an unknown `kid` refetches at
 * most every 30 s; while the set cannot be fetched, the keys fetched last still verify). Then:
 * `exp` is required and at most JWT_MAX_TTL ahead (of now, and of `iat` when given); `iss` and
 * `aud` when configured; `tenant_id` a string. Any other `alg` (e.g. `none`) is refused. Used by
 * the authenticate-first middleware and by the auth guard.
 */
@Injectable()
export class JwtVerifier {
  private readonly secret: Uint8Array;
  private readonly jwks: KeySet | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.secret = new TextEncoder().encode(config.jwtSecret);
    this.jwks = config.jwtJwksUrl
      ? createRemoteJWKSet(new URL(config.jwtJwksUrl), {
          cacheMaxAge: JWKS_TTL_MS,
          cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
          timeoutDuration: JWKS_TIMEOUT_MS,
        })
      : undefined;
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
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthorized('Invalid token');
    }
    const options = { requiredClaims: ['exp'] };
    let payload: JWTPayload;
    try {
      if (this.jwks && alg && JWKS_ALGORITHMS.includes(alg)) {
        payload = await this.verifyWithJwks(this.jwks, token, options);
      } else {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      }
    } catch (err) {
      if (err instanceof UnauthorizedException || err instanceof ServiceUnavailableException) {
        throw err;
      }
      if (TOKEN_ERRORS.some((type) => err instanceof type)) throw refusal(err);
      throw this.jwks ? unavailable() : refusal(err);
    }
    return this.context(payload);
  }

  /** With the JWKS; when it cannot be fetched, with the keys it held last, if any. */
  private async verifyWithJwks(
    jwks: KeySet,
    token: string,
    options: { requiredClaims: string[] },
  ): Promise<JWTPayload> {
    const verifyOptions = { ...options, algorithms: JWKS_ALGORITHMS };
    try {
      return (await jwtVerify(token, jwks, verifyOptions)).payload;
    } catch (err) {
      if (TOKEN_ERRORS.some((type) => err instanceof type)) throw refusal(err);
      const last = jwks.jwks();
      if (!last) throw unavailable();
      return (await jwtVerify(token, createLocalJWKSet(last), verifyOptions)).payload;
    }
  }

  private context(claims: JWTPayload): AuthContext {
    const { jwtIssuer, jwtAudience, jwtMaxTtlSeconds } = this.config;
    const now = Math.floor(Date.now() / 1000);
    const exp = claims.exp as number;
    const from = typeof claims.iat === 'number' ? Math.min(claims.iat, now) : now;
    if (exp - from > jwtMaxTtlSeconds) {
      throw unauthorized(
        `Token lifetime exceeds JWT_MAX_TTL (${jwtMaxTtlSeconds} s): exp is too far after iat or now`,
      );
    }
    if (jwtIssuer !== undefined && claims.iss !== jwtIssuer) {
      throw unauthorized('Token iss claim is not the expected issuer');
    }
    if (jwtAudience !== undefined) {
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.includes(jwtAudience)) throw unauthorized('Token aud claim does not name this API');
    }
    const { tenant_id: tenantId, sub } = claims;
    if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
      throw unauthorized('Token has no valid tenant_id claim');
    }
    return { tenantId, subject: typeof sub === 'string' ? sub : null };
  }
}
