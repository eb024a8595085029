import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant as known from the token issuer; registered the first time a valid token names it. */
@Entity('tenants')
export class Tenant {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
