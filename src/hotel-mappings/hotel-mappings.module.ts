import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SednaModule } from '../sedna/sedna.module';
import { SettingsModule } from '../settings/settings.module';
import { HotelMapping } from './hotel-mapping.entity';
import { HotelMappingsController } from './hotel-mappings.controller';
import { HotelMappingsService } from './hotel-mappings.service';
import { SednaConnectionController } from './sedna-connection.controller';
import { SednaHotelDirectory } from './sedna-hotel-directory';

@Module({
  imports: [TypeOrmModule.forFeature([HotelMapping]), SednaModule, SettingsModule],
  controllers: [HotelMappingsController, SednaConnectionController],
  providers: [HotelMappingsService, SednaHotelDirectory],
  exports: [HotelMappingsService],
})
export class HotelMappingsModule {}
