import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ReferenceCacheEntry } from './reference-cache.entity';
import { ReferenceCacheService } from './reference-cache.service';
import { SednaHealthRepository } from './sedna-health.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ReferenceCacheEntry])],
  providers: [
    ReferenceCacheService,
    {
      provide: SednaHealthRepository,
      useFactory: (dataSource: DataSource) => new SednaHealthRepository(dataSource),
      inject: [getDataSourceToken()],
    },
  ],
  exports: [ReferenceCacheService, SednaHealthRepository],
})
export class SednaModule {}
