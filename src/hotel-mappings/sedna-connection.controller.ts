import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiError, ApiTenantRoutes, OUTAGE_CODES, UNAVAILABLE } from '../common/api-docs';
import { CommonErrorCode } from '../common/problem';
import { SettingsErrorCode } from '../settings/settings.errors';
import { HotelMappingsErrorCode } from './hotel-mappings.errors';
import type { SednaConnectionTest, SednaHotelList } from '../contract/views-settings';
import { SednaConnectionTestDto } from '../settings/sedna-settings.dto';
import { SednaHotelDirectory } from './sedna-hotel-directory';
import { SednaHotelsPage, SednaHotelsQuery } from './sedna-hotels.dto';

/**
 * `POST /api/settings/sedna/test` (SPEC §10). It lives beside the hotel directory, which owns
 * the paced login and hotel list it reuses (the settings module cannot import it: the directory
 * depends on the settings).
 */
@ApiTags('settings')
@ApiTenantRoutes()
@Controller('api/settings/sedna')
export class SednaConnectionController {
  constructor(private readonly directory: SednaHotelDirectory) {}

  @Post('test')
  @HttpCode(200)
  @ApiOperation({
    summary: "Test the tenant's saved Sedna connection: log in and list the hotels",
    description:
      "Two Sedna requests (AgencyLogin, GetHotelList) through the tenant's Sedna rate limit; " +
      'they count against its budget. A Sedna failure is a 200 with `ok: false` and `detail`; ' +
      'the hotel list read is cached for hotel mappings and syncs.',
  })
  @ApiOkResponse({ type: SednaConnectionTestDto })
  @ApiError(409, 'Sedna settings are not configured (PUT /api/settings/sedna first)', [
    SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
  ])
  test(@Auth() auth: AuthContext): Promise<SednaConnectionTest> {
    return this.directory.testConnection(auth.tenantId);
  }

  @Get('hotels')
  @ApiOperation({
    summary: "Sedna's active hotels by name, for choosing a mapping's hotel",
    description:
      "The tenant's cached hotel list (24 h), else Sedna's own through the tenant's Sedna rate " +
      'limit (then cached). `search` matches part of the name or the id.',
  })
  @ApiOkResponse({ type: SednaHotelsPage })
  @ApiError(400, '`errors` names the bad query parameter (search, limit)', [
    CommonErrorCode.VALIDATION_FAILED,
  ])
  @ApiError(409, 'Sedna settings are not configured, or Sedna refused the hotel list request', [
    SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
    HotelMappingsErrorCode.SEDNA_REFUSED,
  ])
  @ApiError(503, `${UNAVAILABLE}; or Sedna could not be reached`, [
    ...OUTAGE_CODES,
    HotelMappingsErrorCode.SEDNA_UNREACHABLE,
  ])
  hotels(@Auth() auth: AuthContext, @Query() query: SednaHotelsQuery): Promise<SednaHotelList> {
    return this.directory.searchHotels(auth.tenantId, query.search, query.limit);
  }
}
