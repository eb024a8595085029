import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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
    {
      provide: HotelMappingsRepository,
      useFactory: (dataSource: DataSource) => new HotelMappingsRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    HotelMappingsService,
    SednaHotelDirectory,
  ],
  exports: [HotelMappingsService],
})
export class HotelMappingsModule {}
