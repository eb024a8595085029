import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SednaSyncState } from './sync-state.columns';

@Entity('stop_sales')
export class StopSale extends SednaSyncState {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'int' })
  emailId: number;

  @Column({ type: 'text' })
  hotelName: string;

  @Column({ type: 'date' })
  dateFrom: string;

  @Column({ type: 'date' })
  dateTo: string;

  /** Room codes; null means all rooms. */
  @Column({ type: 'text', array: true, nullable: true })
  roomTypes: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  boardTypes: string[] | null;

  /** true = stop (close sale), false = open. */
  @Column({ type: 'boolean', default: true })
  isClose: boolean;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** DeclareDate of the first Phase 1 attempt; Phase 2 and the lost-response lookup reuse it. */
  @Column({ type: 'varchar', length: 19, nullable: true })
  phase1DeclareDate: string | null;

  /** Set just before Phase 1 is sent, cleared once its outcome is known: a retry that finds it
   * set looks the header up instead of creating a second one. */
  @Column({ type: 'timestamptz', nullable: true })
  phase1SentAt: Date | null;

  /**
   * The Sedna connection (tenant_settings.sedna_connection) Phase 1 was sent to (with the "sent"
   * mark) and that issued `sednaId`: a RecId is sent in Phase 2, and an uncertain Phase 1 is
   * looked up, only there. Null before any Phase 1.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  phase1SednaConnection: string | null;
}
