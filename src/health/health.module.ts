import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { WorkerPollers } from './worker-pollers';

/** Global for WorkerPollers: the run's result and progress say when no worker polls too. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [HealthService, WorkerPollers],
  exports: [WorkerPollers],
})
export class HealthModule {}
