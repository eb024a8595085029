/**
 * The OpenTelemetry SDK of a traced process, loaded by startTracing (tracing.ts) only when
 * tracing is on. None of these modules loads `http`/`https` (the OTLP exporter requires them at
 * its first export), so they are loaded after the instrumentation is registered, and patched.
 */
import { context, trace, type Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingMessage } from 'node:http';
import { redact } from '../common/logger';
import { matchedRouteOf } from '../common/request-logging';

/** Paths whose requests make no span: probes and scrapes. */
const UNTRACED_PATHS = ['/health', '/metrics'];

/**
 * Redacts the text attributes a span starts with, as log lines are (`password=`, `token=`,
 * `access_token=` in URLs and query strings: the Sedna login sends its password in the query,
 * a progress stream may carry `?access_token=`), then hands the span on.
 */
class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    for (const [key, value] of Object.entries(span.attributes)) {
      if (typeof value !== 'string') continue;
      const clean = redact(value) as string;
      if (clean !== value) span.setAttribute(key, clean);
    }
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

/**
 * Installs the tracer provider (the async-hooks context manager with it), OTLP/HTTP export and
 * the HTTP instrumentation: a span per request the API serves (named by its route, e.g.
 * `POST /api/sync/emails`) and per request a process makes (the Sedna calls, through the
 * guarded agents of src/outbound/), each carrying `traceparent`.
 */
export function installTracing(serviceName: string) {
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor = new RedactingSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter()));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) =>
          UNTRACED_PATHS.some((path) => (req.url ?? '').startsWith(path)),
        // A client request has no route: only the API's spans are renamed.
        applyCustomAttributesOnSpan: (span, request) => {
          const route = matchedRouteOf(request as IncomingMessage);
          if (route) {
            span.setAttribute('http.route', route);
            span.updateName(`${request.method ?? 'GET'} ${route}`);
          }
        },
      }),
    ],
  });
  return {
    enabled: true as const,
    resource,
    spanProcessor,
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
