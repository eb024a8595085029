import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsIntBetween, IsText } from '../common/validators';
import { ProblemDto } from '../common/api-docs';
import type { HotelMapping, HotelMappingInput } from '../contract/views-settings';

const MAX_INT = 2_147_483_647;

export class PutHotelMappingDto implements HotelMappingInput {
  @ApiProperty({
    example: 'Grand Paradise Resort & Spa',
    maxLength: 200,
    description: 'As written in e-mails',
  })
  @IsText(200)
  hotel_name: string;

  @ApiProperty({
    example: 31,
    minimum: 1,
    description: 'Sedna HotelId: must be an active hotel of the tenant’s Sedna hotel list',
  })
  @IsIntBetween(1, MAX_INT)
  sedna_hotel_id: number;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'Create the mapping although its name is confusable with another mapping’s (UTS #39 ' +
      'skeleton: e.g. a Cyrillic "а" or an invisible character in a Latin name); without it ' +
      'such a name is a 409 naming that mapping as `existing`',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  confirm_confusable?: boolean;
}

export class HotelMappingDto implements HotelMapping {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'Grand Paradise Resort & Spa' })
  hotel_name: string;

  @ApiProperty({
    example: 'grand paradise',
    description:
      'What e-mail hotel names are matched on, by equality: the words (letters, marks and ' +
      'digits of every script) case folded and joined by one space, every word kept; ' +
      'punctuation and spacing are all that may differ',
  })
  normalized_name: string;

  @ApiProperty({ example: 31 })
  sedna_hotel_id: number;

  @ApiProperty({
    example: 'Grand Paradise Resort',
    nullable: true,
    type: String,
    description:
      'The hotel’s name in Sedna’s hotel list; null when no list is cached or it no longer ' +
      'holds the id',
  })
  sedna_hotel_name: string | null;

  @ApiProperty({
    nullable: true,
    type: Boolean,
    description:
      'Whether the Sedna now configured no longer lists the hotel under the name it was mapped ' +
      'to (another Sedna, or the hotel gone or renamed): a stale mapping is never used, its ' +
      'items fail with HOTEL_MAPPING_STALE until it is saved again. Null when no hotel list of ' +
      'the current Sedna is cached (test the connection to read one)',
  })
  stale: boolean | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

/** A 409: the name is already mapped. */
export class HotelMappingConflictDto extends ProblemDto {
  @ApiProperty({
    type: HotelMappingDto,
    description:
      'The mapping the name conflicts with: it holds the name (HOTEL_NAME_TAKEN), or its name ' +
      'looks like this one (HOTEL_NAME_CONFUSABLE, UTS #39 skeleton: resend with ' +
      'confirm_confusable: true to map both)',
  })
  existing: HotelMappingDto;
}
