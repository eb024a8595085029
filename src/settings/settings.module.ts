import { SednaModule } from '../sedna/sedna.module';
import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

@Module({
  imports: [SednaModule],
  controllers: [SettingsController],
  providers: [repositoryProvider(SettingsRepository), SettingsService],
  exports: [SettingsService, SettingsRepository],
})
export class SettingsModule {}
