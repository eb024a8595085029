import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WebhookEvent } from './webhook-events';

/** A tenant's webhook target; no row: webhooks are off. */
@Entity('webhook_settings')
export class WebhookSettings {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'text' })
  url: string;

  /** AES-256-GCM ciphertext (SecretBox); never returned or logged. */
  @Column({ type: 'text' })
  secretEncrypted: string;

  @Column({ type: 'text', array: true })
  events: WebhookEvent[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
