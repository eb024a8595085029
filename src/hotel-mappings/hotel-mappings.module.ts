import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { SednaModule } from '../sedna/sedna.module';
import { SettingsModule } from '../settings/settings.module';
import { HotelMappingsController } from './hotel-mappings.controller';
import { HotelMappingsRepository } from './hotel-mappings.repository';
import { HotelMappingsService } from './hotel-mappings.service';
import { SednaConnectionController } from './sedna-connection.controller';
import { SednaHotelDirectory } from './sedna-hotel-directory';

@Module({
  imports: [SednaModule, SettingsModule],
  controllers: [HotelMappingsController, SednaConnectionController],
  providers: [
    repositoryProvider(HotelMappingsRepository),
    HotelMappingsService,
    SednaHotelDirectory,
  ],
  exports: [HotelMappingsService],
})
export class HotelMappingsModule {}
