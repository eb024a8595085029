import { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

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
    return { name: value.name, message: redact(value.message), stack: redact(value.stack) };
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

/** One JSON object per line on stdout, secrets redacted. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly minLevel: Level = 'info',
  ) {}

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

  /** Structured entry: `logger.event('info', 'sync started', {sync_id})`. */
  event(level: Level, message: string, fields: Record<string, unknown>) {
    this.write(level, message, [fields]);
  }

  private write(level: Level, message: unknown, rest: unknown[]) {
    if (LEVELS[level] < LEVELS[this.minLevel]) return;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
    };
    // Nest passes the context name last; objects become fields.
    for (const extra of rest) {
      if (typeof extra === 'string') entry.context = extra;
      else if (extra && typeof extra === 'object' && !(extra instanceof Error))
        Object.assign(entry, extra);
      else if (extra instanceof Error) entry.error = extra;
    }
    entry.msg = typeof message === 'string' ? message : message;
    process.stdout.write(`${JSON.stringify(redact(entry))}\n`);
  }
}
