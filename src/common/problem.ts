import { HttpException, HttpStatus } from '@nestjs/common';

/** One field's problem in a 400: the field's path as sent, a stable code, the words. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** What a problem may carry beside its code and detail, as data (a 409's `existing`, …). */
export interface ProblemExtras {
  errors?: FieldProblem[];
  [member: string]: unknown;
}

/**
 * Codes any route may answer, whatever its feature: the request's shape, authentication, the
 * shared limits and outages. Each feature adds its own enum (`SyncErrorCode`, …).
 */
export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_JSON = 'INVALID_JSON',
  BODY_TOO_LARGE = 'BODY_TOO_LARGE',
  BODY_TOO_DEEP = 'BODY_TOO_DEEP',
  INVALID_ID = 'INVALID_ID',
  BAD_REQUEST = 'BAD_REQUEST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  TEMPORAL_UNAVAILABLE = 'TEMPORAL_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

/** The code of each status that has its own, for an HTTP error raised without one. */
const STATUS_CODES: Partial<Record<number, CommonErrorCode>> = {
  [HttpStatus.UNAUTHORIZED]: CommonErrorCode.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: CommonErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: CommonErrorCode.NOT_FOUND,
  [HttpStatus.METHOD_NOT_ALLOWED]: CommonErrorCode.METHOD_NOT_ALLOWED,
  [HttpStatus.PAYLOAD_TOO_LARGE]: CommonErrorCode.BODY_TOO_LARGE,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  [HttpStatus.TOO_MANY_REQUESTS]: CommonErrorCode.RATE_LIMITED,
  [HttpStatus.SERVICE_UNAVAILABLE]: CommonErrorCode.SERVICE_UNAVAILABLE,
};

/** The code of an HTTP error that was raised without one (Nest's own, a library's). */
export function defaultCode(status: number): string {
  return (
    STATUS_CODES[status] ??
    (status >= 500 ? CommonErrorCode.INTERNAL_ERROR : CommonErrorCode.BAD_REQUEST)
  );
}

/** `SYNC_RUN_NOT_FOUND` → `Sync run not found`: a problem type's title, the same every time. */
export function titleOf(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** RFC 9457's `type`: a stable URI per code (not meant to be fetched). */
export function problemType(code: string): string {
  return `urn:sedna-sync:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * An error answer with its stable `code` (one of a feature's enum) and `detail` for people;
 * the exception filter writes it as `application/problem+json`.
 */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super({ detail, code, ...extras }, status);
    this.message = detail;
  }
}

/** A 400 about one field: `detail` is `field: message`, and `errors` names the field as data. */
export function fieldProblem(field: string, code: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, code, `${field}: ${message}`, {
    errors: [{ field, code, message }],
  });
}
