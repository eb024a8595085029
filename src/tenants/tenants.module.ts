import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Global()
@Module({
  providers: [
    {
      provide: TenantsRepository,
      useFactory: (dataSource: DataSource) => new TenantsRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    TenantsService,
  ],
  exports: [TenantsService],
})
export class TenantsModule {}
