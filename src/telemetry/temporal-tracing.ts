import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
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
 * A worker's tracing: activity spans (children of the workflow's, parents of the Sedna HTTP
 * request's; the trace ids on the activity's SDK log lines) and the sink the workflow spans are
 * exported through. Nothing when tracing is off.
 */
export function tracingWorkerOptions(
  tracing: Tracing,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing.enabled) return {};
  return {
    interceptors: {
      workflowModules: [...TRACING_WORKFLOW_MODULES],
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
