import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { OUTAGE_CODE, OUTAGE_DETAIL, OUTAGE_RETRY_AFTER_SECONDS, outageOf } from './outage';
import { CommonErrorCode, defaultCode, problemType, titleOf } from './problem';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem as the API sends it. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [member: string]: unknown;
}

/** Members of an exception's body that are not data to pass on (Nest's and ours, restated). */
const NOT_EXTRAS = new Set(['detail', 'code', 'status', 'message', 'error', 'statusCode']);

export function problemBody(
  status: number,
  code: string,
  detail: string,
  extras: Record<string, unknown> = {},
): ProblemBody {
  return { type: problemType(code), title: titleOf(code), status, detail, code, ...extras };
}

/** Writes a problem as `application/problem+json`. */
export function sendProblem(res: Response, problem: ProblemBody): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * Every error leaves as an RFC 9457 problem (`type`, `title`, `status`, `detail`, `code`, and
 * `errors: [{field, code, message}]` for validation); unexpected ones are logged and never leak a
 * stack. PostgreSQL or Temporal being unreachable is a 503 with Retry-After, never a 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    const outage = exception instanceof HttpException ? undefined : outageOf(exception);
    if (outage) {
      const message = exception instanceof Error ? exception.message : String(exception);
      this.logger.warn(`${OUTAGE_DETAIL[outage]}: ${message}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      sendProblem(
        res,
        problemBody(HttpStatus.SERVICE_UNAVAILABLE, OUTAGE_CODE[outage], OUTAGE_DETAIL[outage]),
      );
      return;
    }
    const problem = this.describe(exception);
    // The message and stack go to the log (redacted, with the request's id), never to the caller.
    if (problem.status >= 500 && !(exception instanceof HttpException))
      this.logger.error({
        msg: 'Unhandled error',
        err: exception instanceof Error ? exception : new Error(String(exception)),
      });
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problem);
  }

  private describe(exception: unknown): ProblemBody {
    if (!(exception instanceof HttpException)) {
      return problemBody(
        HttpStatus.INTERNAL_SERVER_ERROR,
        CommonErrorCode.INTERNAL_ERROR,
        'Internal server error',
      );
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'string') return problemBody(status, defaultCode(status), body);
    const fields = body as Record<string, unknown>;
    const detail = fields.detail ?? fields.message ?? exception.message;
    const code = typeof fields.code === 'string' ? fields.code : defaultCode(status);
    const extras = Object.fromEntries(
      Object.entries(fields).filter(([key]) => !NOT_EXTRAS.has(key)),
    );
    return problemBody(
      status,
      code,
      Array.isArray(detail) ? detail.join('; ') : String(detail),
      extras,
    );
  }
}
