import { Email } from '../emails/email.entity';
import { Reservation } from '../emails/reservation.entity';
import { StopSale } from '../emails/stop-sale.entity';
import { HotelMapping } from '../hotel-mappings/hotel-mapping.entity';
import { SyncSchedule } from '../schedules/sync-schedule.entity';
import { ReferenceCacheEntry } from '../sedna/reference-cache.entity';
import { Tenant } from '../tenants/tenant.entity';

export const ENTITIES = [
  Tenant,
  Email,
  StopSale,
  Reservation,
  HotelMapping,
  ReferenceCacheEntry,
  SyncSchedule,
];
