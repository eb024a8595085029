import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { PutSednaSettingsDto, SednaSettingsDto } from './sedna-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('sedna')
  @ApiOperation({ summary: "The tenant's Sedna connection (never the password)" })
  @ApiOkResponse({ type: SednaSettingsDto })
  @ApiNotFoundResponse({ description: 'Sedna settings are not configured' })
  getSedna(@Auth() auth: AuthContext): Promise<SednaSettingsDto> {
    return this.settings.getSedna(auth.tenantId);
  }

  @Put('sedna')
  @ApiOperation({
    summary: "Save the tenant's Sedna connection",
    description: 'The password is stored encrypted; omit it to keep the stored one.',
  })
  @ApiOkResponse({ type: SednaSettingsDto })
  @ApiBadRequestResponse({ description: '`detail` names the bad field' })
  putSedna(
    @Auth() auth: AuthContext,
    @Body() body: PutSednaSettingsDto,
  ): Promise<SednaSettingsDto> {
    return this.settings.putSedna(auth.tenantId, body);
  }
}
