import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReferenceKind } from '../contract/statuses';

/**
 * Sedna reference lists per tenant, shared by every worker, fresh for 24 h, each read from one
 * connection (`sednaConnection`) and read back only for that one.
 */
@Entity('sedna_reference_cache')
export class ReferenceCacheEntry {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: ReferenceKind;

  /** tenant_settings.sedna_connection of the Sedna the list was read from. */
  @Column({ type: 'varchar', length: 32 })
  sednaConnection: string;

  @Column({ type: 'jsonb' })
  data: object[];

  @Column({ type: 'timestamptz' })
  fetchedAt: Date;
}
