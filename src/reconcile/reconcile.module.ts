import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SchedulesModule } from '../schedules/schedules.module';
import { SettingsModule } from '../settings/settings.module';
import { ReconcileReportService } from './reconcile-report.service';
import { ReconcileController } from './reconcile.controller';
import { ReconcileRepository } from './reconcile.repository';
import { ReconcileService } from './reconcile.service';

/** The drift check's API (SPEC §12): start, read, list, report. */
@Module({
  imports: [SchedulesModule, SettingsModule],
  controllers: [ReconcileController],
  providers: [
    {
      provide: ReconcileRepository,
      useFactory: (dataSource: DataSource) => new ReconcileRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    ReconcileService,
    ReconcileReportService,
  ],
  exports: [ReconcileRepository, ReconcileService],
})
export class ReconcileModule {}
