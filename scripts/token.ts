/**
 * `npm run token -- --tenant T [--ttl 1d] [--sub ops@example.com]`: prints an HS256 bearer token
 * for tenant T, signed with JWT_SECRET from the environment (and carrying JWT_ISSUER and
 * JWT_AUDIENCE when those are set, as the API then requires them). For development and support;
 * production tokens come from the platform that issues them.
 */
import { parseArgs } from 'node:util';
import type { SignOptions } from 'jsonwebtoken';
import { decode } from 'jsonwebtoken';
import { durationSeconds } from '../src/config/app-config';
import { makeDevToken } from './seed-demo';

const USAGE = 'Usage: npm run token -- --tenant <tenant_id> [--ttl 1d] [--sub <email>]';
/** What jsonwebtoken reads as a timespan: seconds, or a number with a unit (30m, 12h, 1d, 2w). */
const TTL_PATTERN = /^[1-9]\d*(ms|s|m|h|d|w|y)?$/;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  let values: { tenant?: string; ttl?: string; sub?: string };
  try {
    ({ values } = parseArgs({
      options: {
        tenant: { type: 'string' },
        ttl: { type: 'string', default: '1d' },
        sub: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const tenant = values.tenant?.trim();
  if (!tenant) fail('--tenant is required');
  if (tenant.length > 64) fail('--tenant must be at most 64 characters');
  const ttl = values.ttl ?? '1d';
  if (!TTL_PATTERN.test(ttl))
    fail(`--ttl must be a timespan such as 3600, 30m, 12h or 1d, got "${ttl}"`);
  const secret = process.env.JWT_SECRET;
  if (!secret) fail('JWT_SECRET is not set: export the secret the API verifies tokens with');
  const expiresIn = (/^\d+$/.test(ttl) ? Number(ttl) : ttl) as SignOptions['expiresIn'];

  const token = makeDevToken(secret, tenant, expiresIn, {
    sub: values.sub,
    issuer: process.env.JWT_ISSUER || undefined,
    audience: process.env.JWT_AUDIENCE || undefined,
  });
  // The API refuses tokens living longer than JWT_MAX_TTL: say so here rather than print one.
  const maxTtl = durationSeconds('JWT_MAX_TTL', process.env.JWT_MAX_TTL, '31d');
  const { exp = 0, iat = 0 } = (decode(token) ?? {}) as { exp?: number; iat?: number };
  if (exp - iat > maxTtl) fail(`--ttl must be at most JWT_MAX_TTL (${maxTtl} s), got "${ttl}"`);
  process.stdout.write(`${token}\n`);
}

main();
