import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('tenant_settings')
export class TenantSettings {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'text' })
  apiUrl: string;

  @Column({ type: 'text' })
  username: string;

  /** AES-256-GCM ciphertext; never returned or logged. */
  @Column({ type: 'text' })
  passwordEncrypted: string;

  @Column({ type: 'int' })
  operatorId: number;

  @Column({ type: 'varchar', length: 64 })
  operatorCode: string;

  @Column({ type: 'int', default: 207 })
  authorityId: number;

  @Column({ type: 'int', default: 5 })
  rateLimitPerSecond: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
