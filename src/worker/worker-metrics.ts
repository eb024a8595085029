import { createServer, Server } from 'node:http';
import { Counter, Registry } from 'prom-client';

/** Counters of the worker process, served for Prometheus when METRICS_PORT is set. */
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

  serve(port: number): Server {
    return createServer((_req, res) => {
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    }).listen(port);
  }
}
