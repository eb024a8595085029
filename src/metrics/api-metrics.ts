import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { WorkerPollers } from '../health/worker-pollers';
import { ProgressHub } from '../sync/progress-hub.service';
import { SyncRepository } from '../sync/sync.repository';

/** What the API process exposes at /metrics; run and item totals are read from the database. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly runsStarted = new Counter({
    name: 'sedna_sync_runs_started_total',
    help: 'Bulk sync runs started by this API process',
    labelNames: ['trigger'],
    registers: [this.registry],
  });

  constructor(syncRepo: SyncRepository, hub: ProgressHub, pollers: WorkerPollers) {
    // Alert on `sedna_task_queue_pollers == 0` (for a few minutes): no worker takes the work.
    new Gauge({
      name: 'sedna_task_queue_pollers',
      help: 'Workers polling each task queue, as Temporal reports them (DescribeTaskQueue)',
      labelNames: ['task_queue', 'kind'],
      registers: [this.registry],
      async collect() {
        const { queues } = await pollers.view();
        this.reset();
        for (const q of queues) this.set({ task_queue: q.task_queue, kind: q.kind }, q.pollers);
      },
    });
    new Gauge({
      name: 'sedna_sync_runs',
      help: 'Bulk sync runs by status (all tenants)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await syncRepo.runCountsByStatus();
        this.reset();
        for (const row of rows) this.set({ status: row.status }, row.n);
      },
    });
    new Gauge({
      name: 'sedna_sync_items',
      help: 'Sync items by type and outcome (all tenants)',
      labelNames: ['type', 'status'],
      registers: [this.registry],
      async collect() {
        const rows = await syncRepo.itemCountsByStatus();
        this.reset();
        for (const row of rows) this.set({ type: row.type, status: row.status }, row.n);
      },
    });
    // Beyond the tenant's run.failed webhook: what an operator's alert rule can watch, e.g.
    // increase(sedna_scheduled_run_failures_total[1h]) > 0 (which tenant: History, or the webhook).
    new Counter({
      name: 'sedna_scheduled_run_failures_total',
      help: 'Scheduled sync runs that ended failed (all tenants)',
      registers: [this.registry],
      async collect() {
        const failures = await syncRepo.scheduledRunFailures();
        this.reset();
        this.inc(failures);
      },
    });
    new Gauge({
      name: 'sedna_sse_subscribers',
      help: 'Open progress streams',
      registers: [this.registry],
      collect() {
        this.set(hub.subscriberCount);
      },
    });
    new Gauge({
      name: 'sedna_progress_queries_total',
      help: 'Workflow progress queries issued by this API process',
      registers: [this.registry],
      collect() {
        this.set(hub.queriesIssued);
      },
    });
  }
}
