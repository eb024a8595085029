import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageSize } from '../common/validators';
import type { SednaHotelList } from '../contract/views-settings';

export const MAX_HOTELS_LISTED = 50;

export class SednaHotelsQuery {
  @ApiPropertyOptional({
    maxLength: 200,
    example: 'paradise',
    description:
      'Part of the hotel name, matched without case, punctuation and words like “hotel” (as ' +
      'mappings are), or the hotel id. Empty: every hotel.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'must be a string' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  search?: string;

  @PageSize(MAX_HOTELS_LISTED, 20)
  limit: number = 20;
}

export class SednaHotelDto {
  @ApiProperty({ example: 31 }) id: number;
  @ApiProperty({ example: 'Grand Paradise Resort' }) name: string;
}

export class SednaHotelsPage implements SednaHotelList {
  @ApiProperty({ type: [SednaHotelDto], description: 'Active hotels, by name' })
  items: SednaHotelDto[];

  @ApiProperty({ description: 'Active hotels matching the search, beyond the listed ones too' })
  total: number;

  @ApiProperty({ example: 50, description: 'The page size used (a larger `limit` is clamped)' })
  limit: number;
}
