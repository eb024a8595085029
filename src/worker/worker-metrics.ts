import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * Counters of the worker process, served for Prometheus when WORKER_METRICS_PORT is set, with
 * prom-client's process and Node metrics: `process_resident_memory_bytes` is the whole process
 * (the workflow thread's V8 heap and the SDK's native core included); `nodejs_heap_*` and
 * `nodejs_external_memory_bytes` are the main thread's only.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly sednaRequests = new Counter({
    name: 'sedna_requests_total',
    help: 'Requests sent to Sedna, by call and outcome (HTTP status or error code)',
    labelNames: ['call', 'outcome'],
    registers: [this.registry],
  });
  readonly itemsFinished = new Counter({
    name: 'sedna_sync_items_finished_total',
    help: 'Items finished by this worker, by type and outcome',
    labelNames: ['type', 'status'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  serve(port: number): Server {
    return createServer((_req, res) => {
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    }).listen(port);
  }
}
