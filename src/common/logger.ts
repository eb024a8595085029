import type { LoggerService } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import pino from 'pino';

/** The service's logger: pino, one JSON object per line, secrets redacted. */
export type AppLogger = pino.Logger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[_-]?key/i;
const SECRET_IN_TEXT =
  /((?:password|passwd|pwd|access_token|token|secret)=)[^&\s"']+|(Bearer\s+)[A-Za-z0-9._~+/-]+=*|(ASP\.NET_SessionId=)[^;\s"']+/gi;

/** Masks secrets in strings (query strings, headers, cookies) and in object keys. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.replace(
      SECRET_IN_TEXT,
      (_m, a?: string, b?: string, c?: string) => `${a ?? b ?? c}[REDACTED]`,
    );
  }
  if (value instanceof Error) {
    // pino's serialisation (type, message, stack, cause, own fields), then redacted.
    return redact({ ...pino.stdSerializers.err(value) }, depth + 1);
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) ? '[REDACTED]' : redact(v, depth + 1),
    ]),
  );
}

export interface TraceFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * The active OpenTelemetry span's ids, on every line logged inside it (nothing when tracing is
 * off: no span is ever active then).
 */
export function activeTraceFields(): TraceFields {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * A pino logger writing JSON lines (`time`, `level`, `service`, `msg`, fields) to stdout (or
 * `destination`), with the trace ids of the active span, every field and message redacted.
 */
export function createLogger(
  service: string,
  level: LogLevel,
  destination?: pino.DestinationStream,
): AppLogger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    messageKey: 'msg',
    errorKey: 'err',
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: activeTraceFields,
    // The `log` formatter has already serialised (and redacted) errors, under any key.
    serializers: { err: (err: unknown) => (err instanceof Error ? redact(err) : err) },
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => redact(fields) as Record<string, unknown>,
    },
    hooks: {
      // The message and its interpolation arguments are text the formatters do not see.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg)) as [string],
        );
      },
    },
  };
  // process.stdout rather than pino's own fd writer: what captures the process's output sees it.
  return pino(options, destination ?? process.stdout);
}

/**
 * Nest's logger interface over a pino logger, for the worker's application context and the
 * API's start-up (the API then logs through nestjs-pino). Nest passes the context name last.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]) {
    const fields: Record<string, unknown> = {};
    for (const extra of rest) {
      if (typeof extra === 'string') fields.context = extra;
      else if (extra instanceof Error) fields.err = extra;
      else if (extra && typeof extra === 'object') Object.assign(fields, extra);
    }
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.logger[level](fields, message);
    else if (message && typeof message === 'object') this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
