import { ApiProperty } from '@nestjs/swagger';
import { IsIntBetween, IsText } from '../common/validators';

const MAX_INT = 2_147_483_647;

export class PutHotelMappingDto {
  @ApiProperty({
    example: 'Grand Paradise Resort & Spa',
    maxLength: 200,
    description: 'As written in e-mails',
  })
  @IsText(200)
  hotel_name: string;

  @ApiProperty({ example: 18, minimum: 1, description: 'Sedna HotelId' })
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
      'What e-mail hotel names are matched on (case, accents, punctuation, noise words removed)',
  })
  normalized_name: string;

  @ApiProperty({ example: 18 })
  sedna_hotel_id: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}
