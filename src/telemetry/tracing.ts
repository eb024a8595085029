import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** The OpenTelemetry tracing of a process: on, with where its spans go, or off. */
export type Tracing =
  | { enabled: false }
  | {
      enabled: true;
      resource: Resource;
      spanProcessor: SpanProcessor;
      /** Flushes what is pending and stops. */
      shutdown(): Promise<void>;
    };

export type TracedService = 'api' | 'worker';

let current: Tracing = { enabled: false };

/** The process's tracing, as startTracing left it (off until then). */
export function currentTracing(): Tracing {
  return current;
}

/**
 * Tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans go there by OTLP/HTTP, batched
 * (the exporter and the batch processor read the standard OTEL_EXPORTER_OTLP_* and OTEL_BSP_*
 * variables); the service name is OTEL_SERVICE_NAME, else `sedna-sync-<service>`. Otherwise
 * nothing is installed and the SDK is not even loaded: no tracer provider, no context manager,
 * no patched http, no workflow interceptors (a log line's only cost is asking the no-op API for
 * the active span). Once per process.
 *
 * Call it before anything loads `http`/`https`: the entry points import ./start-api-tracing or
 * ./start-worker-tracing first. The HTTP instrumentation patches a module when it is next
 * required; started after the application had loaded them, nothing was patched until the OTLP
 * exporter's first export required `http`, so the first requests (the API's first, the worker's
 * Sedna logins) had no span, and an exporter that never requires it left every request untraced.
 */
export function startTracing(
  service: TracedService,
  env: NodeJS.ProcessEnv = process.env,
): Tracing {
  if (current.enabled || !env.OTEL_EXPORTER_OTLP_ENDPOINT) return current;
  // Loaded only when on: the SDK, the exporter and the instrumentation take ~65 ms to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  const installed = sdk.installTracing(env.OTEL_SERVICE_NAME || `sedna-sync-${service}`);
  current = {
    ...installed,
    async shutdown() {
      current = { enabled: false };
      await installed.shutdown();
    },
  };
  return current;
}

/** Exports the spans still pending and stops tracing (nothing when it is off). */
export async function stopTracing(): Promise<void> {
  if (current.enabled) await current.shutdown();
}
