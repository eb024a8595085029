import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReferenceKind } from '../temporal/contract';

/** Sedna reference lists per tenant, shared by every worker, fresh for 24 h. */
@Entity('sedna_reference_cache')
export class ReferenceCacheEntry {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: ReferenceKind;

  @Column({ type: 'jsonb' })
  data: object[];

  @Column({ type: 'timestamptz' })
  fetchedAt: Date;
}
