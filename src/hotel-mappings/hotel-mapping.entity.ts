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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
