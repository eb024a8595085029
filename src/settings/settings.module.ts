import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

@Module({
  controllers: [SettingsController],
  providers: [
    {
      provide: SettingsRepository,
      useFactory: (dataSource: DataSource) => new SettingsRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    SettingsService,
  ],
  exports: [SettingsService],
})
export class SettingsModule {}
