import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './tracing';

/**
 * Exports the API's last spans when it stops: Nest runs this hook once the HTTP server has
 * closed (the batch would otherwise be lost with the process). Nothing when tracing is off.
 */
@Injectable()
export class TracingFlush implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}
