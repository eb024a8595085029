import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiTenantRoutes, ErrorDto } from '../common/api-docs';
import { PutSednaSettingsDto, SednaSettingsDto } from './sedna-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@ApiTenantRoutes()
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('sedna')
  @ApiOperation({ summary: "The tenant's Sedna connection (never the password)" })
  @ApiOkResponse({ type: SednaSettingsDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Sedna settings are not configured' })
  getSedna(@Auth() auth: AuthContext): Promise<SednaSettingsDto> {
    return this.settings.getSedna(auth.tenantId);
  }

  @Put('sedna')
  @ApiOperation({
    summary: "Save the tenant's Sedna connection",
    description: 'The password is stored encrypted; omit it to keep the stored one.',
  })
  @ApiOkResponse({ type: SednaSettingsDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: '`detail` names the bad field' })
  putSedna(
    @Auth() auth: AuthContext,
    @Body() body: PutSednaSettingsDto,
  ): Promise<SednaSettingsDto> {
    return this.settings.putSedna(auth.tenantId, body);
  }
}
