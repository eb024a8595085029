import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

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

/** Paths whose requests make no span: probes and scrapes. */
const UNTRACED_PATHS = ['/health', '/metrics'];

let current: Tracing = { enabled: false };

/** The process's tracing, as startTracing left it (off until then). */
export function currentTracing(): Tracing {
  return current;
}

/**
 * Tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans go there by OTLP/HTTP, batched;
 * the exporter reads the standard OTEL_EXPORTER_OTLP_* variables) or when a test hands an
 * exporter. Otherwise nothing is installed: no tracer provider, no HTTP instrumentation, no
 * workflow interceptors, and the process pays nothing. Once per process; the service name is
 * OTEL_SERVICE_NAME, else `sedna-sync-<service>`. The HTTP instrumentation is registered for
 * incoming (API) and outgoing (Sedna) requests, but its spans are not verified yet: in the
 * tests' process they did not appear (http loaded before it), see test/integration/tracing.spec.ts.
 */
export function startTracing(
  service: 'api' | 'worker',
  opts: { exporter?: SpanExporter; env?: NodeJS.ProcessEnv } = {},
): Tracing {
  if (current.enabled) return current;
  const env = opts.env ?? process.env;
  if (!opts.exporter && !env.OTEL_EXPORTER_OTLP_ENDPOINT) return current;
  const resource = new Resource({
    'service.name': env.OTEL_SERVICE_NAME || `sedna-sync-${service}`,
  });
  const spanProcessor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) =>
          UNTRACED_PATHS.some((path) => (req.url ?? '').startsWith(path)),
      }),
    ],
  });
  current = {
    enabled: true,
    resource,
    spanProcessor,
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
      current = { enabled: false };
    },
  };
  return current;
}
