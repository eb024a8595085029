import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Closes the Temporal connection when the application stops. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown() {
    await this.client.connection.close();
  }
}

/** Provides the Temporal client to the API; the worker has its own entry point. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // Lazy, so the API starts (and /health reports it) while Temporal is down.
        const connection = Connection.lazy({ address: config.temporalAddress });
        return new Client({ connection, namespace: config.temporalNamespace });
      },
    },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule {}
