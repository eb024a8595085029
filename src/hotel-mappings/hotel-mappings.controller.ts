import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiError, ApiTenantRoutes, BODY_CODES, OUTAGE_CODES } from '../common/api-docs';
import { CommonErrorCode } from '../common/problem';
import { SettingsErrorCode } from '../settings/settings.errors';
import { HotelMappingsErrorCode as Code } from './hotel-mappings.errors';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { HotelMapping } from '../contract/views-settings';
import { HotelMappingConflictDto, HotelMappingDto, PutHotelMappingDto } from './hotel-mapping.dto';
import { HotelMappingsService } from './hotel-mappings.service';

const CHECKED =
  'The hotel id is checked against the tenant’s Sedna hotel list (cached for 24 h; fetched ' +
  'through the tenant’s Sedna rate limit when missing, stale or without the id).';
const BAD_REQUEST =
  '`detail` names the bad field: e.g. "sedna_hotel_id: Sedna lists no hotel 999999"';
const CONFLICT_CREATE =
  'The name (by its normalised form) is already mapped: `existing` is that mapping, unchanged. ' +
  'Or the name is confusable with another mapping’s (UTS #39 skeleton: it looks alike but ' +
  'differs, e.g. a Cyrillic letter or an invisible character): `existing` is that ' +
  'mapping; send `confirm_confusable: true` to create it anyway. ' +
  'Also: Sedna settings not configured, or Sedna refused the hotel list request.';
const UNAVAILABLE = 'Sedna could not be reached to check the hotel id (`detail` says why)';
const BAD_REQUEST_CODES = [
  ...BODY_CODES,
  Code.HOTEL_NAME_WITHOUT_KEY,
  Code.SEDNA_HOTEL_UNKNOWN,
  Code.SEDNA_HOTEL_INACTIVE,
];
const CONFLICT_CODES = [
  Code.HOTEL_NAME_TAKEN,
  Code.HOTEL_NAME_CONFUSABLE,
  SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
  Code.SEDNA_REFUSED,
];
const UNAVAILABLE_CODES = [...OUTAGE_CODES, Code.SEDNA_UNREACHABLE];
const NOT_FOUND = 'Unknown id, or another tenant’s mapping';

@ApiTags('hotel-mappings')
@ApiTenantRoutes()
@Controller('api/hotel-mappings')
export class HotelMappingsController {
  constructor(private readonly mappings: HotelMappingsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's hotel name → Sedna HotelId mappings" })
  @ApiOkResponse({ type: [HotelMappingDto] })
  list(@Auth() auth: AuthContext): Promise<HotelMapping[]> {
    return this.mappings.list(auth.tenantId);
  }

  @Post()
  @ApiOperation({
    summary: 'Map a hotel name to a Sedna HotelId',
    description: `Never overwrites: a name already mapped is a 409 (use PUT /api/hotel-mappings/{id} to replace that mapping). ${CHECKED} A failed item of that hotel then succeeds on retry.`,
  })
  @ApiCreatedResponse({ type: HotelMappingDto })
  @ApiError(400, BAD_REQUEST, BAD_REQUEST_CODES)
  @ApiError(409, CONFLICT_CREATE, CONFLICT_CODES, HotelMappingConflictDto)
  @ApiError(503, UNAVAILABLE, UNAVAILABLE_CODES)
  create(@Auth() auth: AuthContext, @Body() body: PutHotelMappingDto): Promise<HotelMapping> {
    return this.mappings.create(auth.tenantId, body);
  }

  /** The create of earlier clients, same rules as POST: it never overwrites either. */
  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Map a hotel name to a Sedna HotelId (as POST, answering 200)',
    deprecated: true,
    description:
      'Kept for existing clients; use POST. Like POST it never overwrites: a name already ' +
      'mapped is a 409; replace with PUT /api/hotel-mappings/{id}.',
  })
  @ApiOkResponse({ type: HotelMappingDto })
  @ApiError(400, BAD_REQUEST, BAD_REQUEST_CODES)
  @ApiError(409, CONFLICT_CREATE, CONFLICT_CODES, HotelMappingConflictDto)
  @ApiError(503, UNAVAILABLE, UNAVAILABLE_CODES)
  put(@Auth() auth: AuthContext, @Body() body: PutHotelMappingDto): Promise<HotelMapping> {
    return this.mappings.create(auth.tenantId, body);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Replace a mapping: its name and its Sedna HotelId',
    description: `The explicit overwrite. ${CHECKED} A 409 when the new name is another mapping's.`,
  })
  @ApiOkResponse({ type: HotelMappingDto })
  @ApiError(400, BAD_REQUEST, [...BAD_REQUEST_CODES, CommonErrorCode.INVALID_ID])
  @ApiError(404, NOT_FOUND, [Code.HOTEL_MAPPING_NOT_FOUND])
  @ApiError(
    409,
    'The new name is held by another mapping (`existing`), or is confusable with another ' +
      'mapping’s (`existing` too; `confirm_confusable: true` overrides), or Sedna is not usable',
    CONFLICT_CODES,
    HotelMappingConflictDto,
  )
  @ApiError(503, UNAVAILABLE, UNAVAILABLE_CODES)
  replace(
    @Auth() auth: AuthContext,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: PutHotelMappingDto,
  ): Promise<HotelMapping> {
    return this.mappings.replace(auth.tenantId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a mapping' })
  @ApiNoContentResponse()
  @ApiError(400, '`id: must be a positive integer`', [CommonErrorCode.INVALID_ID])
  @ApiError(404, NOT_FOUND, [Code.HOTEL_MAPPING_NOT_FOUND])
  remove(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.mappings.remove(auth.tenantId, id);
  }
}
