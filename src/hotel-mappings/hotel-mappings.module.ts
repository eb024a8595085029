import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HotelMapping } from './hotel-mapping.entity';
import { HotelMappingsController } from './hotel-mappings.controller';
import { HotelMappingsService } from './hotel-mappings.service';

@Module({
  imports: [TypeOrmModule.forFeature([HotelMapping])],
  controllers: [HotelMappingsController],
  providers: [HotelMappingsService],
  exports: [HotelMappingsService],
})
export class HotelMappingsModule {}
