import { ArgumentsHost, Logger } from '@nestjs/common';
import { HttpExceptionFilter } from '../../src/common/http-exception.filter';
import { NestPinoLogger } from '../../src/common/logger';
import { capturedLogger } from '../support/log-capture';

function fakeResponse() {
  const sent: { status?: number; body?: string } = {};
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return res;
    },
    type: () => res,
    setHeader: () => res,
    send(body: string) {
      sent.body = body;
      return res;
    },
    end: () => res,
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { sent, host };
}

describe('HttpExceptionFilter', () => {
  afterEach(() => Logger.overrideLogger(false));

  it("logs an unhandled error's message and stack, and answers a bare 500", () => {
    const log = capturedLogger();
    Logger.overrideLogger(new NestPinoLogger(log.logger));
    const { sent, host } = fakeResponse();
    new HttpExceptionFilter().catch(new TypeError('cannot read x of undefined'), host);

    expect(sent.status).toBe(500);
    expect(sent.body).not.toContain('cannot read x');
    expect(sent.body).not.toContain('TypeError');
    const [line] = log.lines();
    expect(line).toMatchObject({
      level: 'error',
      msg: 'Unhandled error',
      context: 'HttpExceptionFilter',
      err: { type: 'TypeError', message: 'cannot read x of undefined' },
    });
    expect((line.err as { stack: string }).stack).toContain('http-exception-filter.spec.ts');
  });
});
