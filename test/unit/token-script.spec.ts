/** `npm run token`: a token the API accepts, signed with JWT_SECRET; clear failures without it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import jwt, { JwtPayload } from 'jsonwebtoken';

const ROOT = join(__dirname, '../..');

function token(args: string[], env: Record<string, string | undefined>) {
  const { JWT_SECRET: _s, JWT_ISSUER: _i, JWT_AUDIENCE: _a, ...base } = process.env;
  const res = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/token.ts', ...args],
    { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' },
  );
  return { status: res.status, stdout: res.stdout.trim(), stderr: res.stderr };
}

describe('npm run token', () => {
  jest.setTimeout(60_000);

  it('prints an HS256 token for the tenant, with the ttl and subject asked for', () => {
    const res = token(['--tenant', 'acme', '--ttl', '2h', '--sub', 'ops@acme.test'], {
      JWT_SECRET: 'unit-secret',
    });
    expect(res.status).toBe(0);
    const claims = jwt.verify(res.stdout, 'unit-secret', { algorithms: ['HS256'] }) as JwtPayload;
    expect(claims).toMatchObject({ tenant_id: 'acme', sub: 'ops@acme.test' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(2 * 3600);
  });

  it('defaults to one day, and carries JWT_ISSUER and JWT_AUDIENCE when they are set', () => {
    const res = token(['--tenant', 'acme'], {
      JWT_SECRET: 'unit-secret',
      JWT_ISSUER: 'https://issuer.test',
      JWT_AUDIENCE: 'sedna-sync',
    });
    const claims = jwt.verify(res.stdout, 'unit-secret', {
      issuer: 'https://issuer.test',
      audience: 'sedna-sync',
    }) as JwtPayload;
    expect((claims.exp as number) - (claims.iat as number)).toBe(86_400);
  });

  it.each([
    [[], { JWT_SECRET: 'x' }, '--tenant is required'],
    [['--tenant', 'acme'], {}, 'JWT_SECRET is not set'],
    [['--tenant', 'acme', '--ttl', 'soon'], { JWT_SECRET: 'x' }, '--ttl must be a timespan'],
    [
      ['--tenant', 'acme', '--ttl', '32d'],
      { JWT_SECRET: 'x' },
      '--ttl must be at most JWT_MAX_TTL',
    ],
    [
      ['--tenant', 'acme', '--ttl', '2h'],
      { JWT_SECRET: 'x', JWT_MAX_TTL: '1h' },
      '--ttl must be at most JWT_MAX_TTL (3600 s)',
    ],
    [['--tenant', 'acme', '--bogus'], { JWT_SECRET: 'x' }, "Unknown option '--bogus'"],
  ])('fails clearly for %j', (args, env, message) => {
    const res = token(args, env);
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(message);
    expect(res.stderr).toContain('Usage: npm run token');
  });
});
