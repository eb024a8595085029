import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { NestPinoLogger, redact } from '../../src/common/logger';
import { requestIdOf } from '../../src/common/request-logging';
import { capturedLogger } from '../support/log-capture';

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

describe('createLogger (pino)', () => {
  it('writes one redacted JSON line per entry: time, level, service, msg, fields', () => {
    const log = capturedLogger('api', 'info');
    log.logger.info({ tenant_id: 't1', password: 'p4ss' }, 'settings saved');
    log.logger.warn('GET /x?access_token=eyJ.abc.def failed');
    const [event, text] = log.lines();
    expect(event).toMatchObject({
      level: 'info',
      service: 'api',
      msg: 'settings saved',
      tenant_id: 't1',
      password: '[REDACTED]',
    });
    expect(Date.parse(event.time as string)).not.toBeNaN();
    expect(text.msg).toBe('GET /x?access_token=[REDACTED] failed');
    expect(log.text()).not.toContain('p4ss');
    expect(log.text()).not.toContain('eyJ.abc.def');
  });

  it('drops entries below its level', () => {
    const log = capturedLogger('worker', 'warn');
    log.logger.debug('noise');
    log.logger.info('noise');
    log.logger.warn('kept');
    expect(log.lines().map((line) => line.msg)).toEqual(['kept']);
  });

  it("logs an error's message and stack, redacted", () => {
    const log = capturedLogger();
    log.logger.error({ err: new Error('login failed for ?password=hunter2') }, 'Unhandled error');
    const [line] = log.lines();
    const err = line.err as Record<string, string>;
    expect(err.message).toBe('login failed for ?password=[REDACTED]');
    expect(err.stack).toContain('logger.spec.ts');
    expect(log.text()).not.toContain('hunter2');
  });

  it("carries the active span's trace id and span id, and none outside a span", () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    try {
      const tracer = new BasicTracerProvider().getTracer('test');
      const log = capturedLogger();
      log.logger.info('outside');
      const span = tracer.startSpan('inside');
      context.with(trace.setSpan(context.active(), span), () => log.logger.info('inside'));
      span.end();
      const [outside, inside] = log.lines();
      expect(outside.trace_id).toBeUndefined();
      expect(inside).toMatchObject({
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
      });
    } finally {
      context.disable();
    }
  });
});

describe('NestPinoLogger', () => {
  it("maps Nest's calls: context name last, objects as fields, errors as err", () => {
    const log = capturedLogger();
    const nest = new NestPinoLogger(log.logger);
    nest.log('mapped', 'RouterExplorer');
    nest.error({ msg: 'Unhandled error', err: new Error('boom') }, 'HttpExceptionFilter');
    const [mapped, failed] = log.lines();
    expect(mapped).toMatchObject({ level: 'info', msg: 'mapped', context: 'RouterExplorer' });
    expect(failed).toMatchObject({
      level: 'error',
      msg: 'Unhandled error',
      context: 'HttpExceptionFilter',
      err: { message: 'boom' },
    });
  });
});

describe('requestIdOf', () => {
  it("keeps a caller's id made of safe characters, up to 128 of them", () => {
    expect(requestIdOf('abc-123_X.y:z')).toBe('abc-123_X.y:z');
    expect(requestIdOf('a'.repeat(128))).toBe('a'.repeat(128));
  });

  it('replaces a missing, long, repeated or unsafe id with a UUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [
      undefined,
      '',
      'a'.repeat(129),
      'x\ninjected',
      'a b',
      '<script>',
      ['a', 'b'],
    ])
      expect(requestIdOf(bad)).toMatch(uuid);
  });
});
