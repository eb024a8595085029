import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EmailsRepository } from '../emails/emails.repository';
import { WorkerPollers } from '../health/worker-pollers';
import { SednaHealthRepository, UnreachableTenant } from '../sedna/sedna-health.repository';
import { ProgressHub } from '../sync/progress-hub.service';
import { SyncRepository } from '../sync/sync.repository';
import type { ItemStatus, ItemType, RowStatus, RunStatus } from '../contract/statuses';
import { CachedCounts } from './cached-counts';

/**
 * At most this many tenants get a `sedna_unreachable_since_timestamp_seconds` series, those
 * whose outage is oldest (`sedna_unreachable_tenants` counts them all): a Sedna down for every
 * tenant adds a bounded number of series.
 */
export const UNREACHABLE_TENANT_SERIES = 50;

/** The aggregate database counts of /metrics, loaded together (CachedCounts). */
export interface DbCounts {
  runs: { status: RunStatus; n: number }[];
  items: { type: ItemType; status: ItemStatus; n: number }[];
  scheduledRunFailures: number;
  stopSalesWithoutRooms: { status: RowStatus; n: number }[];
  unreachable: { total: number; oldest: UnreachableTenant[] };
}

/** One query after the other: a scrape holds at most one pooled connection. */
async function loadDbCounts(
  sync: SyncRepository,
  emails: EmailsRepository,
  health: SednaHealthRepository,
): Promise<DbCounts> {
  return {
    runs: await sync.runCountsByStatus(),
    items: await sync.itemCountsByStatus(),
    scheduledRunFailures: await sync.scheduledRunFailures(),
    stopSalesWithoutRooms: await emails.stopSalesWithoutRooms(),
    unreachable: await health.unreachable(UNREACHABLE_TENANT_SERIES),
  };
}

/** Buckets of the API's request durations, in seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * What the API process exposes at /metrics: its requests, process and Node metrics, and the
 * run, item and Sedna-health totals of the database, cached (`METRICS_DB_REFRESH_INTERVAL`).
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly runsStarted = new Counter({
    name: 'sedna_sync_runs_started_total',
    help: 'Bulk sync runs started by this API process',
    labelNames: ['trigger'],
    registers: [this.registry],
  });
  /** Observed by httpMetrics (src/metrics/http-metrics.ts); progress streams are left out. */
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'API request durations, by method, route template (`unmatched` when none) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  /** The database counts, as the last refresh left them. */
  readonly dbCounts: CachedCounts<DbCounts>;

  constructor(
    syncRepo: SyncRepository,
    emailsRepo: EmailsRepository,
    healthRepo: SednaHealthRepository,
    hub: ProgressHub,
    pollers: WorkerPollers,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const counts = new CachedCounts(
      () => loadDbCounts(syncRepo, emailsRepo, healthRepo),
      config.metricsDbRefreshSeconds * 1000,
    );
    this.dbCounts = counts;
    /** A gauge read from the cached counts; without values yet, it has no series. */
    const fromDb = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (gauge: Gauge<L>, values: DbCounts) => void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          const { values } = await counts.read();
          if (!values) return;
          this.reset();
          fill(this, values);
        },
      });

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
    fromDb('sedna_sync_runs', 'Bulk sync runs by status (all tenants)', ['status'], (g, v) => {
      for (const row of v.runs) g.set({ status: row.status }, row.n);
    });
    fromDb(
      'sedna_sync_items',
      'Sync items by type and outcome (all tenants)',
      ['type', 'status'],
      (g, v) => {
        for (const row of v.items) g.set({ type: row.type, status: row.status }, row.n);
      },
    );
    fromDb(
      'sedna_stop_sales_without_rooms',
      'Stop sales whose Phase 1 header is in Sedna without their rooms (all tenants), by status: ' +
        'pending (Phase 2 still to come) or failed',
      ['status'],
      (g, v) => {
        g.set({ status: 'pending' }, 0);
        g.set({ status: 'failed' }, 0);
        for (const row of v.stopSalesWithoutRooms) g.set({ status: row.status }, row.n);
      },
    );
    fromDb(
      'sedna_unreachable_tenants',
      "Tenants whose Sedna is unreachable now, as the workers' last calls found it",
      [],
      (g, v) => g.set(v.unreachable.total),
    );
    fromDb(
      'sedna_unreachable_since_timestamp_seconds',
      `Since when each tenant's Sedna is unreachable (Unix time), for the ${UNREACHABLE_TENANT_SERIES} oldest outages`,
      ['tenant_id'],
      (g, v) => {
        for (const t of v.unreachable.oldest)
          g.set({ tenant_id: t.tenant_id }, new Date(t.since).getTime() / 1000);
      },
    );
    // Beyond the tenant's run.failed webhook: what an operator's alert rule can watch, e.g.
    // increase(sedna_scheduled_run_failures_total[1h]) > 0 (which tenant: History, or the webhook).
    new Counter({
      name: 'sedna_scheduled_run_failures_total',
      help: 'Scheduled sync runs that ended failed (all tenants)',
      registers: [this.registry],
      async collect() {
        const { values } = await counts.read();
        if (!values) return;
        this.reset();
        this.inc(values.scheduledRunFailures);
      },
    });
    new Gauge({
      name: 'sedna_metrics_db_age_seconds',
      help:
        'Age of the database counts served (sedna_sync_runs, sedna_sync_items, …): refreshed ' +
        'every METRICS_DB_REFRESH_INTERVAL; older while the database does not answer',
      registers: [this.registry],
      async collect() {
        this.set((await counts.read()).ageSeconds);
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
