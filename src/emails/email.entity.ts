import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const EMAIL_TYPES = ['reservation', 'stopsale', 'unknown'] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];
export const EMAIL_STATUSES = ['pending', 'processed', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

@Entity('emails')
export class Email {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'varchar', length: 512 })
  messageId: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  sender: string;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'varchar', length: 20 })
  emailType: EmailType;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: EmailStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
