import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import type { AppLogger } from '../common/logger';
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

function sdkLevel(level: LogLevel, message: string): 'debug' | 'info' | 'warn' | 'error' {
  if (level === 'TRACE' || level === 'DEBUG' || EXPECTED_SDK_WARNINGS.includes(message))
    return 'debug';
  return level.toLowerCase() as 'info' | 'warn' | 'error';
}

/**
 * The SDK logs through our JSON logger and serves its metrics (TEMPORAL_SDK_METRICS_PORT), once
 * per process.
 */
export function installSdkRuntime(config: AppConfig, logger: AppLogger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    telemetryOptions: config.sdkMetricsPort
      ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.sdkMetricsPort}` } } }
      : undefined,
    logger: new DefaultLogger(SDK_LEVELS[config.logLevel], ({ level, message, meta }) =>
      logger[sdkLevel(level, message)]({ ...meta, context: 'temporal-sdk' }, message),
    ),
  });
}
