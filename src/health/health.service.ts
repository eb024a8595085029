import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { WorkersView } from '../contract/views';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { WorkerPollers } from './worker-pollers';

/** A dependency that answers slower than this counts as down: the probe must not hang. */
const CHECK_TIMEOUT_MS = 3_000;

export type CheckState = 'up' | 'down';

export interface HealthReport {
  /** PostgreSQL and Temporal answer: the API can serve (readiness). */
  healthy: boolean;
  checks: { database: CheckState; temporal: CheckState; workers: CheckState | 'unknown' };
  /** Who polls the task queues; it never makes the API unready (see check). */
  workers: WorkersView;
}

@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HealthService.name);
  /**
   * Probes still running after their answer was given. The Temporal client retries an
   * unreachable server past the deadline, and a retry after the connection is closed throws.
   */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly pollers: WorkerPollers,
  ) {}

  /**
   * PostgreSQL and Temporal decide; Sedna is the tenants' dependency, not ours. Whether a worker
   * polls is said beside them: a missing worker is no reason to take the API out of service
   * (its lists, imports and dashboard still work, and it is what tells the operator).
   */
  async check(): Promise<HealthReport> {
    const [database, temporal, workers] = await Promise.all([
      this.probe('database', () => this.dataSource.query('SELECT 1')),
      this.probe('temporal', () => {
        const { connection } = this.temporal;
        return connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          connection.workflowService.getSystemInfo({}),
        );
      }),
      this.pollers.view(),
    ]);
    const polling = workers.polling === null ? 'unknown' : workers.polling ? 'up' : 'down';
    return {
      healthy: database === 'up' && temporal === 'up',
      checks: { database, temporal, workers: polling },
      workers,
    };
  }

  /** Runs before the Temporal connection is closed (that happens on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async probe(name: string, check: () => Promise<unknown>): Promise<CheckState> {
    const call = check();
    this.running.add(call);
    const forget = () => this.running.delete(call);
    void call.then(forget, forget);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([call, timeout]);
      return 'up';
    } catch (err) {
      this.logger.warn(
        `Health check ${name} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }
}
