import type { AppLogger } from '../common/logger';
import { deprecatedTemporalVariables, temporalConnectionOptions } from './connection-options';

/** One warning at start per deprecated connection variable in use, naming its replacement. */
export function warnDeprecatedTemporalVariables(
  logger: AppLogger,
  env: NodeJS.ProcessEnv = process.env,
): void {
  for (const { name, use } of deprecatedTemporalVariables(env)) {
    logger.warn({ variable: name, use }, `${name} is deprecated: set ${use} instead`);
  }
}

/** How often the connection's settings are read again for a new API key. */
export const API_KEY_CHECK_INTERVAL_MS = 30_000;

/**
 * API key rotation without a restart: on SIGHUP and every 30 s the process reads its Temporal
 * settings again (the variables, the profile file) and hands a changed API key to the
 * connection (`setApiKey`). An environment variable cannot change under a running process, so
 * a key meant to rotate lives in the profile file (TEMPORAL_CONFIG_FILE, e.g. a mounted Secret)
 * and TEMPORAL_API_KEY stays unset. Nothing happens without an API key. Returns the stop.
 */
export function watchApiKey(opts: {
  initial?: string;
  apply: (key: string) => unknown;
  logger: AppLogger;
  intervalMs?: number;
  env?: NodeJS.ProcessEnv;
}): () => void {
  if (!opts.initial) return () => undefined;
  let current = opts.initial;
  const check = async (trigger: string) => {
    try {
      const key = temporalConnectionOptions(opts.env ?? process.env).apiKey;
      if (!key || key === current) return;
      await opts.apply(key);
      current = key;
      opts.logger.info({ trigger }, 'Temporal API key replaced');
    } catch (err) {
      // A file half written or a typo: the connection keeps the key it has.
      opts.logger.warn({ trigger, error: (err as Error).message }, 'Temporal API key not reloaded');
    }
  };
  const onHup = () => void check('SIGHUP');
  process.on('SIGHUP', onHup);
  const timer = setInterval(
    () => void check('interval'),
    opts.intervalMs ?? API_KEY_CHECK_INTERVAL_MS,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    process.off('SIGHUP', onHup);
  };
}
