import { JsonLogger, redact } from '../../src/common/json-logger';

describe('redact', () => {
  it('masks secret-looking keys at any depth', () => {
    expect(
      redact({
        username: 'agency',
        password: 'p4ss',
        nested: { Authorization: 'Bearer abc', api_key: 'k', list: [{ secret: 's', ok: 1 }] },
        cookie: 'ASP.NET_SessionId=xyz',
      }),
    ).toEqual({
      username: 'agency',
      password: '[REDACTED]',
      nested: {
        Authorization: '[REDACTED]',
        api_key: '[REDACTED]',
        list: [{ secret: '[REDACTED]', ok: 1 }],
      },
      cookie: '[REDACTED]',
    });
  });

  it('masks secrets inside text: query strings, bearer tokens, session cookies', () => {
    expect(redact('GET /api/Integratiion/AgencyLogin?username=u&password=p4ss&x=1')).toBe(
      'GET /api/Integratiion/AgencyLogin?username=u&password=[REDACTED]&x=1',
    );
    expect(redact('/progress?access_token=eyJ.abc.def')).toBe('/progress?access_token=[REDACTED]');
    expect(redact('authorization: Bearer eyJhbGciOi.payload.sig')).toBe(
      'authorization: Bearer [REDACTED]',
    );
    expect(redact('Set-Cookie: ASP.NET_SessionId=abc123; path=/')).toBe(
      'Set-Cookie: ASP.NET_SessionId=[REDACTED]; path=/',
    );
  });

  it('masks secrets in error messages and stacks', () => {
    const redacted = redact(new Error('login failed for ?password=hunter2')) as Record<
      string,
      string
    >;
    expect(redacted.message).toBe('login failed for ?password=[REDACTED]');
    expect(redacted.stack).not.toContain('hunter2');
  });

  it('leaves other values alone', () => {
    expect(redact(42)).toBe(42);
    expect(redact(null)).toBeNull();
    expect(redact(['plain'])).toEqual(['plain']);
  });
});

describe('JsonLogger', () => {
  let written: string[];
  let spy: jest.SpyInstance;

  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => spy.mockRestore());

  it('writes one redacted JSON line per entry, with fields and context', () => {
    const logger = new JsonLogger('api', 'info');
    logger.event('info', 'settings saved', { tenant_id: 't1', password: 'p4ss' });
    logger.log('mapped', 'RouterExplorer');
    expect(written).toHaveLength(2);
    const [event, log] = written.map((line) => JSON.parse(line));
    expect(event).toMatchObject({
      level: 'info',
      service: 'api',
      msg: 'settings saved',
      tenant_id: 't1',
      password: '[REDACTED]',
    });
    expect(log).toMatchObject({ msg: 'mapped', context: 'RouterExplorer' });
    expect(written.every((line) => line.endsWith('\n'))).toBe(true);
  });

  it('drops entries below its level', () => {
    const logger = new JsonLogger('worker', 'warn');
    logger.debug('noise');
    logger.log('noise');
    logger.warn('kept');
    expect(written.map((line) => JSON.parse(line).msg)).toEqual(['kept']);
  });
});
