import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import { FAILURE_TYPES } from '../../activities/sedna-failures';
import type { JsonLogger } from '../common/json-logger';
import type { AppConfig } from '../config/app-config';

const SDK_LEVELS: Record<AppConfig['logLevel'], LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};
let runtimeInstalled = false;

/** The Sedna-call worker runs activities only, by design: the SDK's warning about it is noise. */
const EXPECTED_SDK_WARNINGS = ['No workflows registered, not polling for workflow tasks'];

/** An attempt that logged in ends by design (one request per attempt): not worth a warning. */
function isLoginAttempt(meta: Record<string, unknown> | undefined): boolean {
  const error = meta?.error;
  return error instanceof ApplicationFailure && error.type === FAILURE_TYPES.sessionRenewed;
}

function sdkLevel(
  level: LogLevel,
  message: string,
  meta: Record<string, unknown> | undefined,
): 'debug' | 'info' | 'warn' | 'error' {
  if (level === 'TRACE' || level === 'DEBUG' || EXPECTED_SDK_WARNINGS.includes(message))
    return 'debug';
  if (isLoginAttempt(meta)) return 'info';
  return level.toLowerCase() as 'info' | 'warn' | 'error';
}

/**
 * The SDK logs through our JSON logger and serves its metrics (TEMPORAL_SDK_METRICS_PORT), once
 * per process.
 */
export function installSdkRuntime(config: AppConfig, logger: JsonLogger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    telemetryOptions: config.sdkMetricsPort
      ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.sdkMetricsPort}` } } }
      : undefined,
    logger: new DefaultLogger(SDK_LEVELS[config.logLevel], ({ level, message, meta }) =>
      logger.event(sdkLevel(level, message, meta), message, { ...meta, context: 'temporal-sdk' }),
    ),
  });
}
