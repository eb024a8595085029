import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** The channel `completeItem` notifies, with the run's sync_id as payload, when it commits. */
export const PROGRESS_CHANNEL = 'sync_progress';
/** How the LISTEN connection shows in pg_stat_activity. */
export const PROGRESS_LISTEN_APP_NAME = 'api-progress-listen';
const CONNECT_TIMEOUT_MS = 2000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** A run's item finished (its sync_id), or any run's may have (null: after an outage). */
export type ProgressWake = (syncId: string | null) => void;

/**
 * One dedicated LISTEN connection per API process: it tells the progress hub "a run's item just
 * finished" so that the hub queries that run at once instead of waiting for its next poll. The
 * workflow stays the source of progress; a lost connection only slows the stream to the poll's
 * pace until it is back.
 */
@Injectable()
export class ProgressNotifications implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProgressNotifications');
  private readonly handlers = new Set<ProgressWake>();
  private client: Client | null = null;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = RECONNECT_MIN_MS;
  /** Set while the connection is down, so that an outage is logged once, not per attempt. */
  private outageSince: number | null = null;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Backend pid of the LISTEN connection while it is up (tests, diagnostics). */
  get listenerPid(): number | null {
    return (this.client as (Client & { processID?: number }) | null)?.processID ?? null;
  }

  /** Calls `handler(syncId)` on each notification; returns the function that stops it. */
  onProgress(handler: ProgressWake): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** The first attempt is awaited (bounded by the connect timeout); failures retry in the background. */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: PROGRESS_LISTEN_APP_NAME,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (!this.stopped) this.down(err);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel !== PROGRESS_CHANNEL || !message.payload) return;
      for (const handler of this.handlers) handler(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryDelayMs = RECONNECT_MIN_MS;
    if (this.outageSince !== null) {
      const seconds = ((Date.now() - this.outageSince) / 1000).toFixed(1);
      this.logger.log(`Progress notifications listening again after ${seconds} s`);
      this.outageSince = null;
      // Items that finished meanwhile were not announced: the hub queries every run now.
      for (const handler of this.handlers) handler(null);
    }
  }

  private down(err?: Error) {
    if (this.outageSince === null) {
      this.outageSince = Date.now();
      this.logger.warn(
        `Progress notifications unavailable (${err?.message ?? 'connection closed'}); ` +
          'progress falls back to polling until the connection is back',
      );
    }
    clearTimeout(this.retryTimer);
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RECONNECT_MAX_MS);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
