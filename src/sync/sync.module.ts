import { SettingsModule } from '../settings/settings.module';
import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { EmailsModule } from '../emails/emails.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { SednaModule } from '../sedna/sedna.module';
import { ProgressHub } from './progress-hub.service';
import { ProgressNotifications } from './progress-notifications';
import { SyncController } from './sync.controller';
import { SyncRepository } from './sync.repository';
import { SyncReportService } from './sync-report.service';
import { SyncRunsService } from './sync-runs.service';
import { SyncStarterService } from './sync-starter.service';

@Module({
  imports: [EmailsModule, SchedulesModule, SednaModule, SettingsModule],
  controllers: [SyncController],
  providers: [
    repositoryProvider(SyncRepository),
    SyncStarterService,
    SyncRunsService,
    ProgressNotifications,
    ProgressHub,
    SyncReportService,
  ],
  exports: [SyncRepository, SyncRunsService, SyncStarterService, ProgressHub],
})
export class SyncModule {}
