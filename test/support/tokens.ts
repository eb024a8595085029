import jwt, { SignOptions } from 'jsonwebtoken';

/** The JWT_SECRET the test harness sets for every test (and the API under test). */
export const TEST_JWT_SECRET = 'test-jwt-secret-not-for-production';

export interface TokenOptions {
  /** Sign with another secret (to test rejection). */
  secret?: string;
  /** e.g. `1h`, `-1s` for an already expired token. */
  expiresIn?: string;
  sub?: string;
}

/** An HS256 bearer token carrying `tenant_id`, as the platform issuing tokens signs it. */
export function makeToken(tenantId: string, opts: TokenOptions = {}): string {
  const secret = opts.secret ?? process.env.JWT_SECRET ?? TEST_JWT_SECRET;
  const payload = { tenant_id: tenantId, ...(opts.sub ? { sub: opts.sub } : {}) };
  const expiresIn = (opts.expiresIn ?? '1h') as SignOptions['expiresIn'];
  return jwt.sign(payload, secret, { algorithm: 'HS256', expiresIn });
}
