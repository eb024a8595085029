import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EmailsController } from './emails.controller';
import { EmailsRepository } from './emails.repository';
import { EmailsService } from './emails.service';

@Module({
  controllers: [EmailsController],
  providers: [
    {
      provide: EmailsRepository,
      useFactory: (dataSource: DataSource) => new EmailsRepository(dataSource),
      inject: [getDataSourceToken()],
    },
    EmailsService,
  ],
  exports: [EmailsService, EmailsRepository],
})
export class EmailsModule {}
