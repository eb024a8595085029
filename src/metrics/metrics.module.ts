import { Global, Module } from '@nestjs/common';
import { SyncModule } from '../sync/sync.module';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

@Global()
@Module({
  imports: [SyncModule],
  controllers: [MetricsController],
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class MetricsModule {}
