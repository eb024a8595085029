import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

@Module({
  controllers: [SchedulesController],
  providers: [repositoryProvider(SchedulesRepository), SchedulesService],
  exports: [SchedulesRepository],
})
export class SchedulesModule {}
