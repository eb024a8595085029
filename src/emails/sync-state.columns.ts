import { Column } from 'typeorm';
import type { RowStatus } from '../contract/statuses';

/** Columns every row that is pushed to Sedna carries. */
export abstract class SednaSyncState {
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: RowStatus;

  @Column({ type: 'int', nullable: true })
  sednaHotelId: number | null;

  @Column({ type: 'boolean', default: false })
  sednaSynced: boolean;

  /** Stop sale: the Phase 1 RecId, stored as soon as Phase 1 answers. Reservation: Sedna's id. */
  @Column({ name: 'sedna_rec_id', type: 'int', nullable: true })
  sednaId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  sednaSyncAt: Date | null;
}
