import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiError, ApiTenantRoutes, BODY_CODES } from '../common/api-docs';
import type { SednaSettings } from '../contract/views-settings';
import { PutSednaSettingsDto, SednaSettingsDto } from './sedna-settings.dto';
import { SettingsService } from './settings.service';
import { SettingsErrorCode } from './settings.errors';

@ApiTags('settings')
@ApiTenantRoutes()
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('sedna')
  @ApiOperation({ summary: "The tenant's Sedna connection (never the password)" })
  @ApiOkResponse({ type: SednaSettingsDto })
  @ApiError(404, 'Sedna settings are not configured', [
    SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
  ])
  getSedna(@Auth() auth: AuthContext): Promise<SednaSettings> {
    return this.settings.getSedna(auth.tenantId);
  }

  @Put('sedna')
  @ApiOperation({
    summary: "Save the tenant's Sedna connection",
    description: 'The password is stored encrypted; omit it to keep the stored one.',
  })
  @ApiOkResponse({ type: SednaSettingsDto })
  @ApiError(400, '`errors` names the bad field', [
    ...BODY_CODES,
    SettingsErrorCode.URL_NOT_ALLOWED,
    SettingsErrorCode.PASSWORD_REQUIRED,
  ])
  putSedna(@Auth() auth: AuthContext, @Body() body: PutSednaSettingsDto): Promise<SednaSettings> {
    return this.settings.putSedna(auth.tenantId, body);
  }
}
