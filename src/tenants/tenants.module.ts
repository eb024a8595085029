import { Global, Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Global()
@Module({
  providers: [repositoryProvider(TenantsRepository), TenantsService],
  exports: [TenantsService],
})
export class TenantsModule {}
