import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { EmailsModule } from '../emails/emails.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { SettingsModule } from '../settings/settings.module';
import { SyncModule } from '../sync/sync.module';
import { ReconcileReportService } from './reconcile-report.service';
import { ReconcileController } from './reconcile.controller';
import { ReconcileRepository } from './reconcile.repository';
import { ReconcileService } from './reconcile.service';
import { ResyncController } from './resync.controller';
import { ResyncService } from './resync.service';

/** The drift check's API (SPEC §12): start, read, list, report; re-sync a check's drifted items. */
@Module({
  imports: [SchedulesModule, SettingsModule, EmailsModule, SyncModule],
  controllers: [ReconcileController, ResyncController],
  providers: [
    repositoryProvider(ReconcileRepository),
    ReconcileService,
    ResyncService,
    ReconcileReportService,
  ],
  exports: [ReconcileRepository, ReconcileService],
})
export class ReconcileModule {}
