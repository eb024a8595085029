import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EmailDetailDto, PendingEmailsPageDto } from './email-views.dto';
import { EmailsService } from './emails.service';
import { ImportEmailsDto, ImportEmailsResultDto } from './import-emails.dto';
import { PendingEmailsQueryDto } from './pending-emails-query.dto';

@ApiTags('emails')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
@Controller('api/emails')
export class EmailsController {
  constructor(private readonly emails: EmailsService) {}

  @Post()
  @ApiOperation({
    summary: 'Import parsed e-mails with their reservations and stop sales',
    description:
      'All or nothing: any bad record is a 400 naming it (e.g. `emails[2].stop_sales[0].date_to`) ' +
      'and nothing is stored. Idempotent on message_id per tenant. Vouchers are unique per tenant.',
  })
  @ApiCreatedResponse({ type: ImportEmailsResultDto })
  @ApiBadRequestResponse({ description: '`detail` names each bad record and field' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 5 MB; split the import' })
  importEmails(
    @Auth() auth: AuthContext,
    @Body() body: ImportEmailsDto,
  ): Promise<ImportEmailsResultDto> {
    return this.emails.importEmails(auth.tenantId, body);
  }

  @Get('pending')
  @ApiOperation({
    summary: 'E-mails to pick for a sync, newest first',
    description: 'Without `status` only pending e-mails are listed.',
  })
  @ApiOkResponse({ type: PendingEmailsPageDto })
  @ApiBadRequestResponse({ description: '`detail` names the bad query parameter' })
  listPending(
    @Auth() auth: AuthContext,
    @Query() query: PendingEmailsQueryDto,
  ): Promise<PendingEmailsPageDto> {
    return this.emails.listPending(auth.tenantId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One e-mail with all its reservations and stop sales' })
  @ApiOkResponse({ type: EmailDetailDto })
  @ApiNotFoundResponse({ description: 'Unknown id, or another tenant’s e-mail' })
  findOne(
    @Auth() auth: AuthContext,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<EmailDetailDto> {
    return this.emails.findOne(auth.tenantId, id);
  }
}
