import { loadConfig } from '../../src/config/app-config';

describe('loadConfig: SETTINGS_ENCRYPTION_KEY', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    process.env.DATABASE_URL = 'postgres://u:p@127.0.0.1:5432/db';
    process.env.JWT_SECRET = 'jwt-secret';
    delete process.env.SETTINGS_ENCRYPTION_KEY;
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it('is required in production, and the error names it', () => {
    process.env.NODE_ENV = 'production';
    expect(() => loadConfig()).toThrow(/SETTINGS_ENCRYPTION_KEY/);
    process.env.SETTINGS_ENCRYPTION_KEY = 'prod-key';
    expect(loadConfig().settingsEncryptionKey).toBe('prod-key');
  });

  it('defaults to JWT_SECRET in development and tests', () => {
    for (const env of ['development', 'test', undefined]) {
      if (env) process.env.NODE_ENV = env;
      else delete process.env.NODE_ENV;
      expect(loadConfig().settingsEncryptionKey).toBe('jwt-secret');
    }
  });

  it('reads the optional issuer, audience and JWKS URL', () => {
    expect(loadConfig()).toMatchObject({
      jwtIssuer: undefined,
      jwtAudience: undefined,
      jwtJwksUrl: undefined,
    });
    Object.assign(process.env, {
      JWT_ISSUER: 'https://id.example',
      JWT_AUDIENCE: 'sedna-sync',
      JWT_JWKS_URL: 'https://id.example/jwks.json',
    });
    expect(loadConfig()).toMatchObject({
      jwtIssuer: 'https://id.example',
      jwtAudience: 'sedna-sync',
      jwtJwksUrl: 'https://id.example/jwks.json',
    });
  });
});
