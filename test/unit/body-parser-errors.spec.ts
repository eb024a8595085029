import { HttpException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { bodyParserErrors } from '../../src/common/body-parser-errors';

function handled(err: Error & Record<string, unknown>): unknown {
  let passed: unknown;
  const next: NextFunction = (value?: unknown) => {
    passed = value;
  };
  bodyParserErrors('5mb')(err, {} as Request, {} as Response, next);
  return passed;
}

const httpError = (message: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(message), fields);

describe('bodyParserErrors', () => {
  it('turns a too-large body into a 413 with a detail', () => {
    const out = handled(
      httpError('request entity too large', {
        type: 'entity.too.large',
        status: 413,
        expose: true,
      }),
    );
    expect(out).toBeInstanceOf(HttpException);
    expect((out as HttpException).getStatus()).toBe(413);
    expect((out as HttpException).getResponse()).toEqual({
      detail: 'Request body is too large (limit 5mb); split it',
      code: 'BODY_TOO_LARGE',
    });
  });

  it('turns bad JSON into a 400 saying so', () => {
    const out = handled(
      httpError('Unexpected end of JSON input', {
        type: 'entity.parse.failed',
        status: 400,
        expose: true,
      }),
    );
    expect((out as HttpException).getStatus()).toBe(400);
    expect((out as HttpException).getResponse()).toEqual({
      detail: 'Request body is not valid JSON: Unexpected end of JSON input',
      code: 'INVALID_JSON',
    });
  });

  it('never echoes the body V8 quotes: it may hold a password', () => {
    const out = handled(
      httpError(`Unexpected token 'h', "hunter2" is not valid JSON`, {
        type: 'entity.parse.failed',
        status: 400,
        expose: true,
      }),
    );
    expect((out as HttpException).getResponse()).toEqual({
      detail: "Request body is not valid JSON: Unexpected token 'h'",
      code: 'INVALID_JSON',
    });
  });

  it('keeps other client errors of the parser with their status', () => {
    const out = handled(
      httpError('unsupported charset "LATIN9"', {
        type: 'charset.unsupported',
        status: 415,
        expose: true,
      }),
    );
    expect((out as HttpException).getStatus()).toBe(415);
  });

  it('passes anything else on untouched', () => {
    const err = httpError('boom', {});
    expect(handled(err)).toBe(err);
  });
});
