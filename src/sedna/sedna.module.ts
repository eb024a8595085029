import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceCacheEntry } from './reference-cache.entity';
import { ReferenceCacheService } from './reference-cache.service';

@Module({
  imports: [TypeOrmModule.forFeature([ReferenceCacheEntry])],
  providers: [ReferenceCacheService],
  exports: [ReferenceCacheService],
})
export class SednaModule {}
