import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { HotelMappingDto, PutHotelMappingDto } from './hotel-mapping.dto';
import { HotelMappingsService } from './hotel-mappings.service';

@ApiTags('hotel-mappings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('api/hotel-mappings')
export class HotelMappingsController {
  constructor(private readonly mappings: HotelMappingsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's hotel name → Sedna HotelId mappings" })
  @ApiOkResponse({ type: [HotelMappingDto] })
  list(@Auth() auth: AuthContext): Promise<HotelMappingDto[]> {
    return this.mappings.list(auth.tenantId);
  }

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Map a hotel name to a Sedna HotelId',
    description: 'Upsert by normalised name; a failed item of that hotel then succeeds on retry.',
  })
  @ApiOkResponse({ type: HotelMappingDto })
  @ApiBadRequestResponse({ description: '`detail` names the bad field' })
  put(@Auth() auth: AuthContext, @Body() body: PutHotelMappingDto): Promise<HotelMappingDto> {
    return this.mappings.put(auth.tenantId, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a mapping' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Unknown id, or another tenant’s mapping' })
  remove(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.mappings.remove(auth.tenantId, id);
  }
}
