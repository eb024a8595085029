import { SednaModule } from '../sedna/sedna.module';
import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

@Module({
  imports: [SednaModule],
  controllers: [SettingsController],
  providers: [
    {
      provide: SettingsRepository,
      useFactory: (dataSource: DataSource) => new SettingsRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    SettingsService,
  ],
  exports: [SettingsService, SettingsRepository],
})
export class SettingsModule {}
