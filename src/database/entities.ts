import { Email } from '../emails/email.entity';
import { Reservation } from '../emails/reservation.entity';
import { StopSale } from '../emails/stop-sale.entity';

export const ENTITIES = [Email, StopSale, Reservation];
