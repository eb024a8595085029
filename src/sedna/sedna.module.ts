import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ReferenceCacheRepository } from './reference-cache.repository';
import { ReferenceCacheService } from './reference-cache.service';
import { SednaHealthRepository } from './sedna-health.repository';

@Module({
  providers: [
    {
      provide: ReferenceCacheService,
      useFactory: (dataSource: DataSource) =>
        new ReferenceCacheService(new ReferenceCacheRepository(dataSource)),
      inject: [getDataSourceToken()],
    },
    repositoryProvider(SednaHealthRepository),
  ],
  exports: [ReferenceCacheService, SednaHealthRepository],
})
export class SednaModule {}
