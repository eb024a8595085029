import { Module } from '@nestjs/common';
import { ProgressHub } from './progress-hub.service';
import { ProgressNotifications } from './progress-notifications';
import { SyncController } from './sync.controller';
import { SyncReportService } from './sync-report.service';
import { SyncRunsService } from './sync-runs.service';
import { SyncStarterService } from './sync-starter.service';

@Module({
  controllers: [SyncController],
  providers: [
    SyncStarterService,
    SyncRunsService,
    ProgressNotifications,
    ProgressHub,
    SyncReportService,
  ],
  exports: [SyncRunsService, ProgressHub],
})
export class SyncModule {}
