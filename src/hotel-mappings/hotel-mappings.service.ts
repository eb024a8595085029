import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { normaliseHotelName } from '../sedna/hotel-matching';
import { HotelMappingDto, PutHotelMappingDto } from './hotel-mapping.dto';
import { HotelMapping } from './hotel-mapping.entity';

function view(row: HotelMapping): HotelMappingDto {
  return {
    id: row.id,
    hotel_name: row.hotelName,
    normalized_name: row.normalizedName,
    sedna_hotel_id: row.sednaHotelId,
    created_at: row.createdAt.toISOString(),
  };
}

@Injectable()
export class HotelMappingsService {
  constructor(
    @InjectRepository(HotelMapping) private readonly mappings: Repository<HotelMapping>,
  ) {}

  async list(tenantId: string): Promise<HotelMappingDto[]> {
    const rows = await this.mappings.find({
      where: { tenantId },
      order: { normalizedName: 'ASC' },
    });
    return rows.map(view);
  }

  /** One mapping per normalised name: "Mandarin Resort" and "MANDARIN" are the same hotel. */
  async put(tenantId: string, dto: PutHotelMappingDto): Promise<HotelMappingDto> {
    const normalizedName = normaliseHotelName(dto.hotel_name);
    if (!normalizedName) {
      throw new BadRequestException({
        detail: 'hotel_name: must contain more than words like hotel, resort, spa or beach',
      });
    }
    await this.mappings
      .createQueryBuilder()
      .insert()
      .values({
        tenantId,
        hotelName: dto.hotel_name,
        normalizedName,
        sednaHotelId: dto.sedna_hotel_id,
      })
      .orUpdate(['hotel_name', 'sedna_hotel_id'], ['tenant_id', 'normalized_name'])
      .execute();
    return view(await this.mappings.findOneByOrFail({ tenantId, normalizedName }));
  }

  async remove(tenantId: string, id: number): Promise<void> {
    const { affected } = await this.mappings.delete({ tenantId, id });
    if (!affected) throw new NotFoundException({ detail: `Hotel mapping ${id} not found` });
  }

  /** The Sedna HotelId mapped to this e-mail hotel name, if any. */
  async findHotelId(tenantId: string, hotelName: string): Promise<number | null> {
    const normalizedName = normaliseHotelName(hotelName);
    if (!normalizedName) return null;
    const row = await this.mappings.findOne({
      select: { sednaHotelId: true },
      where: { tenantId, normalizedName },
    });
    return row?.sednaHotelId ?? null;
  }
}
