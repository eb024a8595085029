import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiError, ApiTenantRoutes } from '../common/api-docs';
import { SednaConnectionTestDto, type SednaConnectionTest } from '../settings/sedna-settings.dto';
import { SednaHotelDirectory } from './sedna-hotel-directory';

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
  @ApiError(409, 'Sedna settings are not configured (PUT /api/settings/sedna first)')
  test(@Auth() auth: AuthContext): Promise<SednaConnectionTest> {
    return this.directory.testConnection(auth.tenantId);
  }
}
