import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

/** A dependency that answers slower than this counts as down: the probe must not hang. */
const CHECK_TIMEOUT_MS = 3_000;

export type CheckState = 'up' | 'down';

export interface HealthReport {
  healthy: boolean;
  checks: { database: CheckState; temporal: CheckState };
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
  ) {}

  /** PostgreSQL and Temporal only; Sedna is the tenants' dependency, not ours. */
  async check(): Promise<HealthReport> {
    const [database, temporal] = await Promise.all([
      this.probe('database', () => this.dataSource.query('SELECT 1')),
      this.probe('temporal', () => {
        const { connection } = this.temporal;
        return connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          connection.workflowService.getSystemInfo({}),
        );
      }),
    ]);
    return { healthy: database === 'up' && temporal === 'up', checks: { database, temporal } };
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
