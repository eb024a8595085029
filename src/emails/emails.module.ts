import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Email } from './email.entity';
import { EmailsController } from './emails.controller';
import { EmailsService } from './emails.service';
import { Reservation } from './reservation.entity';
import { StopSale } from './stop-sale.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Email, Reservation, StopSale])],
  controllers: [EmailsController],
  providers: [EmailsService],
  exports: [EmailsService],
})
export class EmailsModule {}
