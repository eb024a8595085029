import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SednaSyncState } from './sync-state.columns';

export interface Guest {
  title: string;
  first_name: string;
  last_name: string;
  birth_date?: string | null;
  nationality?: string | null;
  passport_no?: string | null;
}

@Entity('reservations')
export class Reservation extends SednaSyncState {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'int' })
  emailId: number;

  @Column({ type: 'varchar', length: 100 })
  voucherNo: string;

  @Column({ type: 'text' })
  hotelName: string;

  @Column({ type: 'date' })
  checkIn: string;

  @Column({ type: 'date' })
  checkOut: string;

  @Column({ type: 'varchar', length: 32 })
  roomType: string;

  @Column({ type: 'varchar', length: 32 })
  boardType: string;

  @Column({ type: 'int' })
  adults: number;

  @Column({ type: 'int', default: 0 })
  children: number;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  amount: string | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  guests: Guest[];

  /** Set just before the insert is sent, cleared once its outcome is known (see StopSale). */
  @Column({ type: 'timestamptz', nullable: true })
  insertSentAt: Date | null;

  /**
   * The Sedna connection (tenant_settings.sedna_connection) the insert was sent to, set with the
   * "sent" mark: an insert whose answer was lost is looked up only there. Null before any insert.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  insertSednaConnection: string | null;
}
