import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A worker of this process (one per task queue) and its SDK state (RUNNING while it polls). */
export interface WorkerState {
  taskQueue: string;
  state: string;
}

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

  /** RequestPacer's waits (its PacerWaitObserver), all tenants together. */
  readonly pacerWait = new Histogram({
    name: 'sedna_pacer_wait_seconds',
    help:
      "How long a Sedna request waited for the tenant's rate budget, by step: turn (its slot " +
      'in the queue) or claim (a place in the last second, held by requests in flight)',
    labelNames: ['step'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  /** The process's workers, once they are built (liveness and `sedna_worker_up`). */
  private workers: () => WorkerState[] = () => [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const states = () => this.workers();
    new Gauge({
      name: 'sedna_worker_up',
      help: 'Whether this process polls the task queue (its SDK worker is RUNNING)',
      labelNames: ['task_queue'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const w of states())
          this.set({ task_queue: w.taskQueue }, w.state === 'RUNNING' ? 1 : 0);
      },
    });
  }

  watch(workers: () => WorkerState[]): void {
    this.workers = workers;
  }

  /**
   * `/live` (and `/health`): 200 while every worker of the process runs (polls), else 503, with
   * each queue's state; any other path: the Prometheus metrics.
   */
  serve(port: number): Server {
    return createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/live' || path === '/health') {
        const workers = this.workers();
        const up = workers.length > 0 && workers.every((w) => w.state === 'RUNNING');
        res
          .writeHead(up ? 200 : 503, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: up ? 'ok' : 'unavailable', workers }));
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    }).listen(port);
  }
}
