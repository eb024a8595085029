/**
 * src/main.ts's first import: tracing starts (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before
 * anything loads `http`, so the HTTP instrumentation sees the API's requests (tracing.ts).
 */
import { startTracing } from './tracing';

startTracing('api');
