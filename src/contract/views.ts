/**
 * The API's JSON as the server builds it and the dashboard reads it, defined once (types only,
 * plain TypeScript: workflow-safe, and web/src/api/types.ts imports them). Here the workers' and
 * Sedna's health (the API, the progress events and the dashboard share them) and a list's page;
 * each feature's answers in views-<feature>.ts beside it.
 */

/** Who polls one of the task queues (DescribeTaskQueue), as the API reports it. */
export interface TaskQueuePollersView {
  task_queue: string;
  kind: 'workflow' | 'activity';
  /** Pollers Temporal saw lately (src/health/worker-pollers.ts: POLLER_LIVE_WINDOW_MS). */
  pollers: number;
  /** The newest poll Temporal recorded on it (it keeps a gone poller 5 min). */
  last_poll_at: string | null;
  /** When no worker polls: since when (the last poll seen). */
  no_worker_since: string | null;
}

/** Whether workers poll the task queues (health, the run's result and progress, the dashboard). */
export interface WorkersView {
  /** Every queue has a poller; null when Temporal did not answer. */
  polling: boolean | null;
  /** The earliest `no_worker_since` of the queues nobody polls. */
  no_worker_since: string | null;
  checked_at: string;
  queues: TaskQueuePollersView[];
}

/** Whether the tenant's Sedna answered lately (sedna_health); recorded by the Sedna activities. */
export interface SednaHealthView {
  reachable: boolean;
  /** First failed call of the current outage; null when reachable. */
  since: string | null;
  last_error: string | null;
  last_error_at: string | null;
  last_ok_at: string | null;
}

/** A page of a list route (runs, drift checks, pending e-mails, webhook deliveries). */
export interface Page<T> {
  items: T[];
  /** Everything matching the filters. */
  total: number;
  page: number;
  /** ceil(total / limit); 0 when nothing matches. */
  pages: number;
  /** The page size used (a larger `limit` is clamped). */
  limit: number;
}
