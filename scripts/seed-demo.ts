/**
 * Seeds the demo tenant through the public API (never the database), so seeding exercises the
 * same validation as the upstream parser's calls. Idempotent: e-mails are keyed by message id.
 */
import jwt, { SignOptions } from 'jsonwebtoken';
import { DEMO_AGENCY } from '../sedna-sim/reference-data';
import { demoEmails, EmailInput } from './demo-data';

export const DEMO_TENANT_ID = 'demo-tenant';

/** Optional claims of a dev token: the subject, and `iss`/`aud` when the API checks them. */
export interface DevTokenClaims {
  sub?: string;
  issuer?: string;
  audience?: string;
}

/** An HS256 token for `tenantId`, as the platform that issues tokens would sign it. */
export function makeDevToken(
  secret: string,
  tenantId: string,
  expiresIn: SignOptions['expiresIn'] = '30d',
  claims: DevTokenClaims = {},
): string {
  return jwt.sign({ tenant_id: tenantId, sub: claims.sub ?? 'dev' }, secret, {
    algorithm: 'HS256',
    expiresIn,
    ...(claims.issuer ? { issuer: claims.issuer } : {}),
    ...(claims.audience ? { audience: claims.audience } : {}),
  });
}

export interface SeedOptions {
  apiUrl: string;
  /** Where the tenant's Sedna is: the simulator's base URL. */
  simulatorUrl: string;
  token: string;
  rateLimitPerSecond?: number;
  emails?: EmailInput[];
}

export interface SeedResult {
  created: number;
  duplicates: number;
  emailIds: number[];
}

export async function seedDemoTenant(opts: SeedOptions): Promise<SeedResult> {
  await callApi(opts, 'PUT', '/api/settings/sedna', {
    api_url: opts.simulatorUrl,
    username: DEMO_AGENCY.username,
    password: DEMO_AGENCY.password,
    operator_id: DEMO_AGENCY.operatorId,
    operator_code: DEMO_AGENCY.operatorCode,
    ...(opts.rateLimitPerSecond ? { rate_limit_per_second: opts.rateLimitPerSecond } : {}),
  });
  const body = (await callApi(opts, 'POST', '/api/emails', {
    emails: opts.emails ?? demoEmails(),
  })) as { created: number; duplicates: number; ids: number[] };
  return { created: body.created, duplicates: body.duplicates, emailIds: body.ids };
}

async function callApi(opts: SeedOptions, method: string, path: string, body: unknown) {
  const res = await fetch(`${opts.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}
