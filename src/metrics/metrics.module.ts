import { Global, Module } from '@nestjs/common';
import { EmailsModule } from '../emails/emails.module';
import { SednaModule } from '../sedna/sedna.module';
import { SyncModule } from '../sync/sync.module';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

@Global()
@Module({
  imports: [SyncModule, EmailsModule, SednaModule],
  controllers: [MetricsController],
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class MetricsModule {}
