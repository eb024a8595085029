import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SyncRepository } from '../sync/sync.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: WebhooksRepository,
      useFactory: (dataSource: DataSource) => new WebhooksRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    // The run's finish, for a delivery's event (the sync aggregate's read).
    {
      provide: SyncRepository,
      useFactory: (dataSource: DataSource) => new SyncRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    WebhooksService,
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
