import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '../../src/telemetry/tracing';
import {
  createTenant,
  importEmails,
  stopSaleEmails,
  startSync,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

/**
 * One trace from the API request to Sedna: the real API, worker (traced workflow bundle),
 * Temporal dev server, PostgreSQL and the simulator over HTTP, spans kept in memory.
 */
describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  beforeAll(() => {
    tracing = startTracing('api', { exporter });
  });
  const stack = useSyncStack();
  afterAll(async () => {
    if (tracing.enabled) await tracing.shutdown();
  });

  it('links the workflow start → BulkSync → child → Phase 1 activity in one trace', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim, { rate: 20 });
    const ids = await importEmails(stack.api.url, tenant, stopSaleEmails('trace', 1, 1));
    const syncId = await startSync(stack.api.url, tenant, ids);
    const run = await waitForRun(syncId);
    expect(run.status).toBe('completed');

    let spans: ReadableSpan[] = [];
    const byId = () => new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const chainOf = (span: ReadableSpan): ReadableSpan[] => {
      const index = byId();
      const chain = [span];
      for (let s = span; s.parentSpanId && index.has(s.parentSpanId);) {
        s = index.get(s.parentSpanId)!;
        chain.unshift(s);
      }
      return chain;
    };
    const phase1 = () => spans.find((span) => span.name === 'RunActivity:createStopSaleHeader');
    for (let i = 0; i < 100 && !phase1(); i++) {
      spans = exporter.getFinishedSpans();
      await new Promise((r) => setTimeout(r, 100));
    }
    spans = exporter.getFinishedSpans();
    expect(phase1()).toBeDefined();
    const chain = chainOf(phase1()!);
    // Each span the parent of the next: the client's start, the run, its child, the activity.
    expect(chain.map((span) => span.name)).toEqual([
      'StartWorkflow:bulkSyncWorkflow',
      'RunWorkflow:bulkSyncWorkflow',
      'StartChildWorkflow:syncItemWorkflow',
      'RunWorkflow:syncItemWorkflow',
      'StartActivity:createStopSaleHeader',
      'RunActivity:createStopSaleHeader',
    ]);
    expect(new Set(chain.map((span) => span.spanContext().traceId)).size).toBe(1);
  }, 180_000);
});
