import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const RUN_STATUSES = ['running', 'completed', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ['manual', 'schedule', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

@Entity('sync_runs')
export class SyncRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'uuid', unique: true })
  syncId: string;

  @Column({ type: 'varchar', length: 200 })
  workflowId: string;

  @Column({ type: 'varchar', length: 20, default: 'running' })
  status: RunStatus;

  @Column({ type: 'varchar', length: 20, default: 'manual' })
  trigger: RunTrigger;

  /** The run this one retries the failures of. */
  @Column({ type: 'uuid', nullable: true })
  retryOf: string | null;

  /** Token subject that started the run, when the token has one. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  requestedBy: string | null;

  @Column({ type: 'int', default: 0 })
  totalItems: number;

  @Column({ type: 'int', default: 0 })
  successfulCount: number;

  @Column({ type: 'int', default: 0 })
  failedCount: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'double precision', nullable: true })
  durationSeconds: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
