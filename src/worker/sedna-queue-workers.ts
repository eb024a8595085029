import { Logger } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { SednaActivities } from '../../activities/sedna-activities';
import { pacedRate } from '../sedna/request-pacer';
import { sednaTaskQueue } from '../temporal/contract';

export interface TenantRateLimit {
  tenantId: string;
  rateLimitPerSecond: number;
}

/**
 * The server dispatches at the paced rate: faster, paced activities would pile up waiting for
 * their slot; slower, the budget would go unused.
 */
export const dispatchRate = pacedRate;

interface RunningQueue {
  rate: number;
  worker: Worker;
  done: Promise<void>;
}

/**
 * One activity worker per tenant queue. `maxTaskQueueActivitiesPerSecond` is enforced by the
 * Temporal server for the whole queue, so the limit holds however many processes poll it.
 * Tenants and their limits are re-read periodically: a new tenant or a changed limit needs no
 * restart.
 */
export class SednaQueueWorkers {
  private readonly logger = new Logger('SednaQueueWorkers');
  private readonly running = new Map<string, RunningQueue>();
  private timer?: NodeJS.Timeout;
  private syncing = Promise.resolve();

  constructor(
    private readonly connection: NativeConnection,
    private readonly namespace: string,
    private readonly activities: SednaActivities,
    private readonly listLimits: () => Promise<TenantRateLimit[]>,
    private readonly refreshMs = 5000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
  }

  /** Serialised, so that two refreshes never start the same tenant twice. */
  refresh(): Promise<void> {
    this.syncing = this.syncing.then(() =>
      this.reconcile().catch((err: unknown) =>
        this.logger.error('Tenant queue refresh failed', err as Error),
      ),
    );
    return this.syncing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.syncing;
    await Promise.all([...this.running.keys()].map((tenantId) => this.stopQueue(tenantId)));
  }

  private async reconcile(): Promise<void> {
    for (const { tenantId, rateLimitPerSecond } of await this.listLimits()) {
      const current = this.running.get(tenantId);
      if (current?.rate === rateLimitPerSecond) continue;
      if (current) await this.stopQueue(tenantId);
      await this.startQueue(tenantId, rateLimitPerSecond);
    }
  }

  private async startQueue(tenantId: string, rate: number): Promise<void> {
    const worker = await Worker.create({
      connection: this.connection,
      namespace: this.namespace,
      taskQueue: sednaTaskQueue(tenantId),
      activities: this.activities,
      maxTaskQueueActivitiesPerSecond: dispatchRate(rate),
      maxConcurrentActivityTaskExecutions: 100,
    });
    const done = worker
      .run()
      .catch((err: unknown) =>
        this.logger.error(`Queue worker of ${tenantId} failed`, err as Error),
      );
    this.running.set(tenantId, { rate, worker, done });
    this.logger.log(`Polling ${sednaTaskQueue(tenantId)} at ${dispatchRate(rate)} requests/s`);
  }

  private async stopQueue(tenantId: string): Promise<void> {
    const queue = this.running.get(tenantId);
    if (!queue) return;
    this.running.delete(tenantId);
    if (queue.worker.getState() === 'RUNNING') queue.worker.shutdown();
    await queue.done;
  }
}
