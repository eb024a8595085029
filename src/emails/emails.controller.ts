import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiError, ApiTenantRoutes, BODY_CODES } from '../common/api-docs';
import { CommonErrorCode } from '../common/problem';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EmailDetailDto, PendingEmailsPageDto } from './email-views.dto';
import type { Page } from '../contract/views';
import type { MatchingEmailIds, PendingEmail } from '../contract/views-emails';
import { EmailsService } from './emails.service';
import { ImportEmailsDto, ImportEmailsResultDto } from './import-emails.dto';
import {
  MatchingEmailIdsDto,
  PendingEmailsFilterDto,
  PendingEmailsQueryDto,
} from './pending-emails-query.dto';
import { EmailsErrorCode } from './emails.errors';

@ApiTags('emails')
@ApiTenantRoutes()
@Controller('api/emails')
export class EmailsController {
  constructor(
    private readonly emails: EmailsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Import parsed e-mails with their reservations and stop sales',
    description:
      'All or nothing: any bad record is a 400 naming it (e.g. `emails[2].stop_sales[0].date_to`) ' +
      'and nothing is stored. Idempotent on message_id per tenant. Vouchers are unique per tenant.',
  })
  @ApiCreatedResponse({ type: ImportEmailsResultDto })
  @ApiError(400, '`errors` names each bad record and field', [
    ...BODY_CODES,
    EmailsErrorCode.VOUCHER_REPEATED,
    EmailsErrorCode.VOUCHER_TAKEN,
  ])
  @ApiError(413, 'Body over 5 MB; split the import')
  importEmails(
    @Auth() auth: AuthContext,
    @Body() body: ImportEmailsDto,
  ): Promise<ImportEmailsResultDto> {
    return this.emails.importEmails(auth.tenantId, body);
  }

  @Get('pending')
  @ApiOperation({
    summary: 'E-mails to pick for a sync, newest first',
    description:
      'Without `status` only pending e-mails are listed. `search` matches the subject, the ' +
      'sender, a hotel name or a voucher (case-insensitive substring); `received_from` and ' +
      '`received_to` bound received_at, both inclusive (a date is a whole UTC day).',
  })
  @ApiOkResponse({ type: PendingEmailsPageDto })
  @ApiError(400, '`errors` names the bad query parameter', [CommonErrorCode.VALIDATION_FAILED])
  listPending(
    @Auth() auth: AuthContext,
    @Query() query: PendingEmailsQueryDto,
  ): Promise<Page<PendingEmail>> {
    return this.emails.listPending(auth.tenantId, query);
  }

  @Get('pending/ids')
  @ApiOperation({
    summary: 'The ids of every e-mail the pending list shows under the same filters',
    description:
      'For "select all matching": the dashboard starts a sync with exactly these ids (what the ' +
      'operator saw counted), never with a filter that could match e-mails arriving later. ' +
      'At most SYNC_MAX_EMAILS_PER_REQUEST, what one sync start takes.',
  })
  @ApiOkResponse({ type: MatchingEmailIdsDto })
  @ApiError(400, '`errors` names the bad query parameter', [CommonErrorCode.VALIDATION_FAILED])
  @ApiError(413, 'More e-mails match than one sync takes; `total` says how many', [
    EmailsErrorCode.TOO_MANY_MATCHING,
  ])
  matchingIds(
    @Auth() auth: AuthContext,
    @Query() filter: PendingEmailsFilterDto,
  ): Promise<MatchingEmailIds> {
    return this.emails.matchingIds(auth.tenantId, filter, this.config.sync.maxEmailsPerRequest);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One e-mail with all its reservations and stop sales' })
  @ApiOkResponse({ type: EmailDetailDto })
  @ApiError(400, '`id: must be a positive integer`', [CommonErrorCode.INVALID_ID])
  @ApiError(404, 'Unknown id, or another tenant’s e-mail', [EmailsErrorCode.EMAIL_NOT_FOUND])
  findOne(
    @Auth() auth: AuthContext,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<EmailDetailDto> {
    return this.emails.findOne(auth.tenantId, id);
  }
}
