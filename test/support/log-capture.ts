import { createLogger, type AppLogger, type LogLevel } from '../../src/common/logger';

/** A logger like the service's, writing its JSON lines to memory. */
export function capturedLogger(
  service = 'test',
  level: LogLevel = 'debug',
): { logger: AppLogger; lines: () => Record<string, unknown>[]; text: () => string } {
  const written: string[] = [];
  const logger = createLogger(service, level, { write: (line: string) => written.push(line) });
  return {
    logger,
    text: () => written.join(''),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
