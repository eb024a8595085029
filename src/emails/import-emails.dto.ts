import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  Matches,
  ValidateBy,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import {
  IsCalendarDate,
  IsCode,
  IsCodeList,
  IsDateAfter,
  IsIntBetween,
  IsList,
  IsText,
  IsTimestamp,
  UpperCase,
} from '../common/validators';
import { EMAIL_TYPES, EmailType } from '../contract/statuses';

export const MAX_EMAILS_PER_IMPORT = 500;
export const MAX_ITEMS_PER_EMAIL = 50;
export const GUEST_TITLES = ['Mr', 'Mrs', 'Ms', 'Chd', 'Inf', 'Grp'] as const;
/** numeric(12, 2) */
const MAX_AMOUNT = 9_999_999_999.99;

/** Stop sales belong to `stopsale` e-mails and reservations to `reservation` ones. */
/** numeric(12, 2): at most two decimals, never negative. */
function IsAmount() {
  return ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= 0 &&
        value <= MAX_AMOUNT &&
        Math.abs(Math.round(value * 100) - value * 100) < 1e-6,
      defaultMessage: () => `must be a number from 0 to ${MAX_AMOUNT} with at most 2 decimals`,
    },
  });
}

function OnlyInEmailOfType(emailType: EmailType) {
  return ValidateBy({
    name: 'onlyInEmailOfType',
    constraints: [emailType],
    validator: {
      validate: (value: unknown, args: ValidationArguments) =>
        !Array.isArray(value) ||
        value.length === 0 ||
        (args.object as { email_type?: unknown }).email_type === emailType,
      defaultMessage: () => `only allowed in an e-mail whose email_type is ${emailType}`,
    },
  });
}

export class GuestDto {
  @ApiProperty({ enum: GUEST_TITLES, example: 'Mr' })
  @IsIn(GUEST_TITLES, { message: `must be one of ${GUEST_TITLES.join(', ')}` })
  title: (typeof GUEST_TITLES)[number];

  @ApiProperty({ example: 'Ahmet', maxLength: 100 })
  @IsText(100)
  first_name: string;

  @ApiProperty({ example: 'Yilmaz', maxLength: 100 })
  @IsText(100)
  last_name: string;

  @ApiPropertyOptional({ example: '1985-04-12', nullable: true, format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  birth_date?: string | null;

  @ApiPropertyOptional({ example: 'TR', nullable: true, maxLength: 64 })
  @IsOptional()
  @IsText(64)
  nationality?: string | null;

  @ApiPropertyOptional({ example: 'U12345678', nullable: true, maxLength: 64 })
  @IsOptional()
  @IsText(64)
  passport_no?: string | null;
}

export class ReservationInputDto {
  @ApiProperty({ example: 'JUN2024001', maxLength: 100, description: 'Unique per tenant' })
  @IsText(100)
  voucher_no: string;

  @ApiProperty({ example: 'Grand Paradise Resort', maxLength: 200 })
  @IsText(200)
  hotel_name: string;

  @ApiProperty({ example: '2025-01-15', format: 'date' })
  @IsCalendarDate()
  check_in: string;

  @ApiProperty({ example: '2025-01-22', format: 'date', description: 'After check_in' })
  @IsCalendarDate()
  @IsDateAfter('check_in', { orEqual: false })
  check_out: string;

  @ApiProperty({ example: 'DBL', pattern: '^[A-Za-z0-9]{1,16}$', description: 'Upper-cased' })
  @IsCode()
  room_type: string;

  @ApiProperty({ example: 'AI', pattern: '^[A-Za-z0-9]{1,16}$', description: 'Upper-cased' })
  @IsCode()
  board_type: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 20 })
  @IsIntBetween(1, 20)
  adults: number;

  @ApiProperty({ example: 1, minimum: 0, maximum: 20 })
  @IsIntBetween(0, 20)
  children: number;

  @ApiProperty({ example: 1234.56, minimum: 0 })
  @IsAmount()
  amount: number;

  @ApiProperty({ example: 'EUR', pattern: '^[A-Za-z]{3}$', description: 'Upper-cased' })
  @UpperCase()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a 3-letter currency code' })
  currency: string;

  @ApiProperty({ type: [GuestDto], minItems: 1, maxItems: 40 })
  @IsList(1, 40, 'guests')
  @ValidateNested({ each: true })
  @Type(() => GuestDto)
  guests: GuestDto[];
}

export class StopSaleInputDto {
  @ApiProperty({ example: 'Mandarin Resort', maxLength: 200 })
  @IsText(200)
  hotel_name: string;

  @ApiProperty({ example: '2025-04-13', format: 'date' })
  @IsCalendarDate()
  date_from: string;

  @ApiProperty({ example: '2025-04-18', format: 'date', description: 'Inclusive' })
  @IsCalendarDate()
  @IsDateAfter('date_from', { orEqual: true })
  date_to: string;

  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['DBL', 'TRP'],
    description: 'Room codes, upper-cased; null or [] = all rooms',
  })
  @IsOptional()
  @IsCodeList(MAX_ITEMS_PER_EMAIL)
  room_types: string[] | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['AI'],
    description: 'Board codes, upper-cased; null or [] = all boards',
  })
  @IsOptional()
  @IsCodeList(MAX_ITEMS_PER_EMAIL)
  board_types: string[] | null;

  @ApiProperty({ example: true, description: 'true = stop (close sale), false = open' })
  @IsBoolean({ message: 'must be true or false' })
  is_close: boolean;

  @ApiPropertyOptional({ example: 'Renovation', nullable: true, maxLength: 500 })
  @IsOptional()
  @IsText(500)
  reason?: string | null;
}

export class EmailInputDto {
  @ApiProperty({
    example: '<CAF1234@mail.example.com>',
    maxLength: 512,
    description: 'Unique per tenant',
  })
  @IsText(512)
  message_id: string;

  @ApiProperty({ example: 'STOP SALE - Mandarin resort', maxLength: 1000 })
  @IsText(1000)
  subject: string;

  @ApiProperty({ example: 'reservations@mandarin.example.com', maxLength: 320 })
  @IsText(320)
  sender: string;

  @ApiProperty({ example: '2025-04-10T09:30:00Z', format: 'date-time' })
  @IsTimestamp()
  received_at: string;

  @ApiProperty({ enum: EMAIL_TYPES })
  @IsIn(EMAIL_TYPES, { message: `must be one of ${EMAIL_TYPES.join(', ')}` })
  email_type: EmailType;

  @ApiPropertyOptional({ type: [StopSaleInputDto], maxItems: MAX_ITEMS_PER_EMAIL })
  @IsOptional()
  @IsList(0, MAX_ITEMS_PER_EMAIL, 'stop sales')
  @OnlyInEmailOfType('stopsale')
  @ValidateNested({ each: true })
  @Type(() => StopSaleInputDto)
  stop_sales?: StopSaleInputDto[] | null;

  @ApiPropertyOptional({ type: [ReservationInputDto], maxItems: MAX_ITEMS_PER_EMAIL })
  @IsOptional()
  @IsList(0, MAX_ITEMS_PER_EMAIL, 'reservations')
  @OnlyInEmailOfType('reservation')
  @ValidateNested({ each: true })
  @Type(() => ReservationInputDto)
  reservations?: ReservationInputDto[] | null;
}

export class ImportEmailsDto {
  @ApiProperty({ type: [EmailInputDto], minItems: 1, maxItems: MAX_EMAILS_PER_IMPORT })
  @IsList(1, MAX_EMAILS_PER_IMPORT, 'e-mails')
  @ValidateNested({ each: true })
  @Type(() => EmailInputDto)
  emails: EmailInputDto[];
}

export class ImportEmailsResultDto {
  @ApiProperty({ example: 2, description: 'E-mails stored by this request' })
  created: number;

  @ApiProperty({
    example: 1,
    description: 'E-mails whose message_id was already stored (or repeated)',
  })
  duplicates: number;

  @ApiProperty({
    type: [Number],
    example: [41, 42, 17],
    description: 'E-mail id per input e-mail, in order',
  })
  ids: number[];
}
