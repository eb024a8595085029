import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import type { AppLogger } from '../common/logger';
import { APP_LOGGER } from '../common/logging.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { warnDeprecatedTemporalVariables, watchApiKey } from './connection-watch';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing';
import { currentTracing } from '../telemetry/tracing';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
const RETRIES = Symbol('TEMPORAL_RETRIES');

/**
 * The SDK's gRPC retries, counted: a retry that fires after the connection has closed throws
 * from a timer ("Channel has been shut down") and takes the process down with it.
 */
class CountedRetries {
  private pending = 0;
  private closing = false;
  private readonly defaults = defaultGrpcRetryOptions();

  readonly interceptor = makeGrpcRetryInterceptor({
    retryableDecider: (attempt, status) =>
      !this.closing && this.defaults.retryableDecider(attempt, status),
    delayFunction: (attempt, status) => {
      const delay = this.defaults.delayFunction(attempt, status);
      this.pending++;
      setTimeout(() => this.pending--, delay + 50).unref();
      return delay;
    },
  });

  /** Stops the API key watch (connection-watch.ts) when the connection closes. */
  stopKeyWatch: () => void = () => undefined;

  /** Stops new retries and waits for the scheduled ones to have fired. */
  async drain(timeoutMs = 10_000): Promise<void> {
    this.closing = true;
    this.stopKeyWatch();
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Closes the Temporal connection when the application stops, once no retry is pending. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(RETRIES) private readonly retries: CountedRetries,
  ) {}

  async onApplicationShutdown() {
    await this.retries.drain();
    await this.client.connection.close();
  }
}

/** Provides the Temporal client to the API; the worker has its own entry point. */
@Global()
@Module({
  providers: [
    { provide: RETRIES, useFactory: () => new CountedRetries() },
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG, RETRIES, APP_LOGGER],
      useFactory: (config: AppConfig, retries: CountedRetries, logger: AppLogger) => {
        // Lazy, so the API starts (and /health reports it) while Temporal is down.
        const { address, tls, apiKey, metadata, namespace } = config.temporal;
        warnDeprecatedTemporalVariables(logger);
        const connection = Connection.lazy({
          address,
          tls,
          apiKey,
          metadata,
          interceptors: [retries.interceptor],
        });
        retries.stopKeyWatch = watchApiKey({
          initial: apiKey,
          apply: (key) => connection.setApiKey(key),
          logger,
        });
        return new Client({
          connection,
          namespace,
          interceptors: { workflow: tracingClientInterceptors(currentTracing()) },
        });
      },
    },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule {}
