import { ApiProperty } from '@nestjs/swagger';
import { IsIntBetween, IsText } from '../common/validators';
import { ProblemDto } from '../common/api-docs';

const MAX_INT = 2_147_483_647;

export class PutHotelMappingDto {
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
}

export class HotelMappingDto {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'Grand Paradise Resort & Spa' })
  hotel_name: string;

  @ApiProperty({
    example: 'grand paradise',
    description:
      'What e-mail hotel names are matched on: letters and digits of every script, case folded, ' +
      'words joined by one space, noise words (hotel, resort, spa, beach, the, and) removed',
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
  @ApiProperty({ type: HotelMappingDto, description: 'The mapping that holds the name' })
  existing: HotelMappingDto;
}
