import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

@Module({
  controllers: [SchedulesController],
  providers: [
    {
      provide: SchedulesRepository,
      useFactory: (dataSource: DataSource) => new SchedulesRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    SchedulesService,
  ],
  exports: [SchedulesRepository],
})
export class SchedulesModule {}
