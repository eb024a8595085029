import { HttpException } from '@nestjs/common';
import type { ErrorRequestHandler } from 'express';
import { CommonErrorCode, ProblemException } from './problem';

interface HttpError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** V8 quotes the start of a bad body (`…, "s3cret" is not valid JSON`): it may be a password. */
function withoutQuotedBody(message: string): string {
  return message.replace(/, (?:\.\.\.)?"[\s\S]*$/, '');
}

/**
 * body-parser's errors (bad JSON, too large…) as HttpExceptions with a `detail`. Done right
 * after the parser: past it, Nest turns bad JSON into a bare 400 and a too-large body into a 500.
 */
export function bodyParserErrors(limit: string): ErrorRequestHandler {
  return (err: HttpError, _req, _res, next) => {
    if (err.type === 'entity.too.large') {
      return next(
        new ProblemException(
          413,
          CommonErrorCode.BODY_TOO_LARGE,
          `Request body is too large (limit ${limit}); split it`,
        ),
      );
    }
    if (err.type === 'entity.parse.failed') {
      return next(
        new ProblemException(
          400,
          CommonErrorCode.INVALID_JSON,
          `Request body is not valid JSON: ${withoutQuotedBody(err.message)}`,
        ),
      );
    }
    if (err.expose && err.status && err.status >= 400 && err.status < 500) {
      return next(new HttpException({ detail: err.message }, err.status));
    }
    next(err);
  };
}
