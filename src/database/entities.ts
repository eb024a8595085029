import { SyncSchedule } from '../schedules/sync-schedule.entity';

export const ENTITIES = [SyncSchedule];
