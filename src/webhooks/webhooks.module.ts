import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { SyncRepository } from '../sync/sync.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [
    repositoryProvider(WebhooksRepository),
    // The run's finish, for a delivery's event (the sync aggregate's read).
    repositoryProvider(SyncRepository),
    WebhooksService,
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
