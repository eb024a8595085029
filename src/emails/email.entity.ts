import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EmailStatus, EmailType } from '../contract/statuses';

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
