import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import { activeTraceFields, type TraceFields } from '../common/logger';
import type { Tracing } from './tracing';

/**
 * The workflow-side interceptors (spans for workflow runs, child workflows, activities and
 * timers, carried in Temporal headers). They are part of the workflow bundle: `npm run build`
 * writes a traced bundle next to the plain one (scripts/bundle-workflows.ts).
 */
export const TRACING_WORKFLOW_MODULES: readonly string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** The interceptor modules a bundle of `tracing`'s process contains: none when tracing is off. */
export function workflowInterceptorModules(tracing: Pick<Tracing, 'enabled'>): string[] {
  return tracing.enabled ? [...TRACING_WORKFLOW_MODULES] : [];
}

/** The API's Temporal client: a span per workflow start, its context passed in the headers. */
export function tracingClientInterceptors(tracing: Tracing): WorkflowClientInterceptor[] {
  return tracing.enabled ? [new OpenTelemetryWorkflowClientInterceptor()] : [];
}

/**
 * An activity's span (`RunActivity:<type>`, a child of the workflow's, the parent of its Sedna
 * HTTP requests) and its ids on the SDK's lines of that activity: the active span's while it
 * runs, else the activity's own, so that the lines the SDK writes once the span has ended
 * (`Activity failed`, `Activity completed`) carry them too.
 */
const tracedActivity: ActivityInterceptorsFactory = (ctx) => {
  const span = new OpenTelemetryActivityInboundInterceptor(ctx);
  let own: TraceFields = {};
  return {
    inbound: {
      execute: (input, next) =>
        span.execute(input, (inner) => {
          own = activeTraceFields();
          return next(inner);
        }),
    },
    outbound: {
      getLogAttributes: (input, next) => {
        const active = activeTraceFields();
        return next({ ...(active.trace_id ? active : own), ...input });
      },
    },
  };
};

/**
 * A worker's tracing: activity spans, the trace ids on the activities' SDK log lines, and the
 * sink the workflow spans are exported through. Nothing when tracing is off.
 */
export function tracingWorkerOptions(
  tracing: Tracing,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing.enabled) return {};
  return {
    interceptors: {
      workflowModules: [...TRACING_WORKFLOW_MODULES],
      activity: [tracedActivity],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
