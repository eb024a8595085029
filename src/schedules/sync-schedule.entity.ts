import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ScheduleSettings } from './schedule-spec';

/** A tenant's auto-sync settings; the Temporal schedules are made from this row. */
@Entity('sync_schedules')
export class SyncSchedule implements ScheduleSettings {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  @Column({ type: 'boolean', default: false })
  paused: boolean;

  @Column({ type: 'int' })
  intervalMinutes: number;

  @Column({ type: 'varchar', length: 5 })
  windowStart: string;

  @Column({ type: 'varchar', length: 5 })
  windowEnd: string;

  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'int' })
  maxItems: number;

  @Column({ type: 'boolean', default: false })
  nightlyRetry: boolean;

  @Column({ type: 'varchar', length: 5 })
  nightlyRetryTime: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
