import { Module } from '@nestjs/common';
import { repositoryProvider } from '../database/repository-provider';
import { EmailsController } from './emails.controller';
import { EmailsRepository } from './emails.repository';
import { EmailsService } from './emails.service';

@Module({
  controllers: [EmailsController],
  providers: [repositoryProvider(EmailsRepository), EmailsService],
  exports: [EmailsService, EmailsRepository],
})
export class EmailsModule {}
