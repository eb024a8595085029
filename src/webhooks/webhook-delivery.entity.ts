import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One attempt of one delivery. */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'uuid' })
  syncId: string;

  @Column({ type: 'varchar', length: 100 })
  deliveryId: string;

  @Column({ type: 'varchar', length: 40 })
  event: string;

  @Column({ type: 'int' })
  attempt: number;

  /** `retrying`: this attempt failed and another follows (unless the retry horizon ran out). */
  @Column({ type: 'varchar', length: 20 })
  outcome: DeliveryOutcome;

  /** The receiver's HTTP status; null when no answer came. */
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  /** Our description of the failure (never the receiver's body). */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
