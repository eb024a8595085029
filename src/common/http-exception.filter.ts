import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { OUTAGE_DETAIL, OUTAGE_RETRY_AFTER_SECONDS, outageOf } from './outage';

/**
 * Every error leaves as `{detail, status}`; unexpected ones are logged and never leak a stack.
 * PostgreSQL or Temporal being unreachable is a 503 with Retry-After, never a 500.
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
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      res.status(status).json({ detail: OUTAGE_DETAIL[outage], status });
      return;
    }
    const { status, detail, existing } = this.describe(exception);
    if (status >= 500)
      this.logger.error(
        'Unhandled error',
        exception instanceof Error ? exception : String(exception),
      );
    if (res.headersSent) {
      res.end();
      return;
    }
    res
      .status(status)
      .json(existing === undefined ? { detail, status } : { detail, status, existing });
  }

  /** `existing`: a 409 may name, as data, the resource the request conflicts with. */
  private describe(exception: unknown): { status: number; detail: unknown; existing?: unknown } {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const existing =
        typeof body === 'object' ? (body as { existing?: unknown }).existing : undefined;
      const detail =
        typeof body === 'string'
          ? body
          : ((body as { detail?: unknown; message?: unknown }).detail ??
            (body as { message?: unknown }).message ??
            exception.message);
      return { status: exception.getStatus(), detail, existing };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'Internal server error' };
  }
}
