import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Sedna's authority id and request rate of a tenant that names none (SPEC §3). */
export const DEFAULT_AUTHORITY_ID = 207;
export const DEFAULT_RATE_LIMIT = 5;

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

  @Column({ type: 'int', default: DEFAULT_AUTHORITY_ID })
  authorityId: number;

  @Column({ type: 'int', default: DEFAULT_RATE_LIMIT })
  rateLimitPerSecond: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** One more on every save (SettingsRepository): processes reload their cached settings. */
  @Column({ type: 'int', default: 1 })
  settingsVersion: number;

  /**
   * The connection's identity: md5 of (api_url, username, operator_id, operator_code), computed
   * by PostgreSQL (migration 1732365000000). What was read from or written to a Sedna is stored
   * with it and used only while the tenant's connection is this one.
   */
  @Column({ type: 'varchar', length: 32, insert: false, update: false })
  sednaConnection: string;
}
