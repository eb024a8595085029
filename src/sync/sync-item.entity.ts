import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ItemErrorCode, ItemErrorDetails, ItemStage, ItemType } from '../temporal/contract';

export type ItemStatus = 'pending' | 'success' | 'failed' | 'cancelled';
export type FailureKind = 'transient' | 'permanent';

@Entity('sync_items')
export class SyncItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  syncRunId: number;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  /** Position of the item in its run, 1-based; the order children are started in. */
  @Column({ type: 'int' })
  ordinal: number;

  @Column({ type: 'int' })
  emailId: number;

  @Column({ type: 'varchar', length: 20 })
  itemType: ItemType;

  /** Id of the reservations or stop_sales row. */
  @Column({ type: 'int' })
  itemId: number;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ItemStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sednaRecId: string | null;

  @Column({ type: 'int', nullable: true })
  phase1RecId: number | null;

  /** Sedna requests that the item's activities made (attempts included). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  errorMessage: string | null;

  /** Of a failed item: whether a later run may succeed (the nightly retry takes `transient`). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  failureKind: FailureKind | null;

  /** Of a failed or cancelled item: why, as data (contract ITEM_ERROR_CODES), and where. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  errorCode: ItemErrorCode | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  errorStage: ItemStage | null;

  @Column({ type: 'jsonb', nullable: true })
  errorDetails: ItemErrorDetails | null;

  /** Sequence number of the item's progress event (its SSE id); set when it finishes. */
  @Column({ type: 'int', nullable: true })
  eventSeq: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
