import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import {
  EMAIL_STATUSES,
  EMAIL_TYPES,
  EmailStatus,
  EmailType,
  ITEM_TYPES,
  ItemType,
  ROW_STATUSES,
  type RowStatus,
} from '../contract/statuses';
import { GuestDto } from './import-emails.dto';
import { LISTED_ITEMS } from './pending-emails-query.dto';
import type { Guest } from './email-rows';
import type { Page } from '../contract/views';
import type { EmailItemSummary, ParsedData, PendingEmail } from '../contract/views-emails';

/** Sync state every reservation and stop-sale row carries. */
class SyncStateDto {
  @ApiProperty({ enum: ROW_STATUSES })
  status: RowStatus;

  @ApiProperty({ example: false })
  sedna_synced: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 823259,
    description: 'Sedna id; for a stop sale the Phase 1 RecId, set as soon as Phase 1 answers',
  })
  sedna_id: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 823259,
    deprecated: true,
    description: '`sedna_id` under its old name (API 1.2.0); removed in the next major version',
  })
  sedna_rec_id: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sedna_sync_at: string | null;
}

/** One row of an e-mail in the pending list: what the dashboard shows next to the checkbox. */
export class EmailItemSummaryDto extends SyncStateDto implements EmailItemSummary {
  @ApiProperty({ enum: ITEM_TYPES })
  type: ItemType;

  @ApiProperty({ example: 7, description: 'Id of the reservations or stop_sales row' })
  item_id: number;

  @ApiProperty({ example: 'Grand Paradise Resort' })
  hotel_name: string;

  @ApiPropertyOptional({ example: 'JUN2024001', description: 'Reservations only' })
  voucher_no?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Reservations only' })
  check_in?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Reservations only' })
  check_out?: string;

  @ApiPropertyOptional({ example: 'DBL', description: 'Reservations only' })
  room_type?: string;

  @ApiPropertyOptional({ example: 'AI', description: 'Reservations only' })
  board_type?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Stop sales only' })
  date_from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Stop sales only' })
  date_to?: string;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'Stop sales only; null = all',
  })
  room_types?: string[] | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'Stop sales only; null = all',
  })
  board_types?: string[] | null;

  @ApiPropertyOptional({ description: 'Stop sales only; true = close, false = open' })
  is_close?: boolean;
}

/**
 * The first item's key fields (as in seed 000 §4), plus the e-mail's first LISTED_ITEMS items
 * and how many it has. E-mails without items carry `items: []` and `item_count: 0`.
 */
export class ParsedDataDto
  extends PartialType(
    PickType(EmailItemSummaryDto, [
      'voucher_no',
      'hotel_name',
      'check_in',
      'check_out',
      'room_type',
      'board_type',
      'date_from',
      'date_to',
      'room_types',
    ] as const),
  )
  implements ParsedData
{
  @ApiProperty({
    type: [EmailItemSummaryDto],
    description: `The first ${LISTED_ITEMS} items; GET /api/emails/{id} has them all`,
  })
  items: EmailItemSummaryDto[];

  @ApiPropertyOptional({ example: 50, description: 'How many items the e-mail has' })
  item_count?: number;
}

export class PendingEmailDto implements PendingEmail {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: 'STOP SALE - Mandarin resort' })
  subject: string;

  @ApiProperty({ example: 'contracting@mandarin.example.com' })
  sender: string;

  @ApiProperty({ enum: EMAIL_TYPES })
  email_type: EmailType;

  @ApiProperty({ enum: EMAIL_STATUSES })
  status: EmailStatus;

  @ApiProperty({ format: 'date-time' })
  received_at: string;

  @ApiProperty({ type: ParsedDataDto })
  parsed_data: ParsedDataDto;
}

export class PendingEmailsPageDto implements Page<PendingEmail> {
  @ApiProperty({ type: [PendingEmailDto], description: 'Newest first' })
  items: PendingEmailDto[];

  @ApiProperty({ example: 120 })
  total: number;

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 3, description: 'ceil(total / limit); 0 when nothing matches' })
  pages: number;

  @ApiProperty({ example: 50, description: 'The page size used (a larger `limit` is clamped)' })
  limit: number;
}

export class ReservationViewDto extends SyncStateDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  voucher_no: string;

  @ApiProperty()
  hotel_name: string;

  @ApiProperty({ format: 'date' })
  check_in: string;

  @ApiProperty({ format: 'date' })
  check_out: string;

  @ApiProperty()
  room_type: string;

  @ApiProperty()
  board_type: string;

  @ApiProperty()
  adults: number;

  @ApiProperty()
  children: number;

  @ApiProperty({ type: Number, nullable: true })
  amount: number | null;

  @ApiProperty({ type: String, nullable: true })
  currency: string | null;

  @ApiProperty({ type: [GuestDto] })
  guests: Guest[];

  @ApiProperty({ type: Number, nullable: true })
  sedna_hotel_id: number | null;
}

export class StopSaleViewDto extends SyncStateDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  hotel_name: string;

  @ApiProperty({ format: 'date' })
  date_from: string;

  @ApiProperty({ format: 'date' })
  date_to: string;

  @ApiProperty({ type: [String], nullable: true, description: 'null = all rooms' })
  room_types: string[] | null;

  @ApiProperty({ type: [String], nullable: true, description: 'null = all boards' })
  board_types: string[] | null;

  @ApiProperty()
  is_close: boolean;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: Number, nullable: true })
  sedna_hotel_id: number | null;
}

export class EmailDetailDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  message_id: string;

  @ApiProperty()
  subject: string;

  @ApiProperty()
  sender: string;

  @ApiProperty({ enum: EMAIL_TYPES })
  email_type: EmailType;

  @ApiProperty({ enum: EMAIL_STATUSES })
  status: EmailStatus;

  @ApiProperty({ format: 'date-time' })
  received_at: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ type: [ReservationViewDto] })
  reservations: ReservationViewDto[];

  @ApiProperty({ type: [StopSaleViewDto] })
  stop_sales: StopSaleViewDto[];
}
