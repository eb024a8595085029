import { Email } from '../emails/email.entity';
import { Reservation } from '../emails/reservation.entity';
import { StopSale } from '../emails/stop-sale.entity';
import { SyncSchedule } from '../schedules/sync-schedule.entity';

export const ENTITIES = [Email, StopSale, Reservation, SyncSchedule];
