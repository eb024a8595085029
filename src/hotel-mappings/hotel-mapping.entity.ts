import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('hotel_mappings')
export class HotelMapping {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  /** The name as written in e-mails. */
  @Column({ type: 'text' })
  hotelName: string;

  /** normaliseHotelName(hotelName); unique per tenant. */
  @Column({ type: 'text' })
  normalizedName: string;

  @Column({ type: 'int' })
  sednaHotelId: number;

  /**
   * The name Sedna listed under `sednaHotelId` when the mapping was saved: a Sedna that lists
   * the id under another name, or not at all, makes the mapping stale (reference-resolver.ts).
   */
  @Column({ type: 'text', nullable: true })
  sednaHotelName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
