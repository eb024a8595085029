import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowQueryToken, Auth, AuthContext } from '../auth/auth.decorators';
import { StartsWorkflows } from '../api-rate-limit/rate-limit.decorators';
import {
  ApiError,
  ApiTenantRoutes,
  BODY_CODES,
  OUTAGE_CODES,
  UNAVAILABLE,
} from '../common/api-docs';
import { CommonErrorCode, fieldProblem } from '../common/problem';
import { ApiXlsxAttachment, sendAsXlsx } from '../common/xlsx';
import { ReconcileReportService } from './reconcile-report.service';
import type { ReconcileDetail, ReconcileList, ReconcileStarted } from '../contract/views-reconcile';
import {
  ReconcileDetailDto,
  ReconcileItemsQuery,
  ReconcileListDto,
  ReconcilePageQuery,
  ReconcileStartedDto,
  StartReconcileDto,
} from './reconcile.dto';
import { ReconcileErrorCode } from './reconcile.errors';
import { ReconcileService } from './reconcile.service';

export const ReconcileIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    fieldProblem('id', CommonErrorCode.INVALID_ID, 'the drift check id must be a UUID'),
});

@ApiTags('reconcile')
@ApiTenantRoutes()
@Controller('api/reconcile')
export class ReconcileController {
  constructor(
    private readonly reconcile: ReconcileService,
    private readonly reports: ReconcileReportService,
  ) {}

  @Post()
  @HttpCode(202)
  @StartsWorkflows()
  @ApiOperation({
    summary: 'Start a drift check: read back from Sedna what is stored as synced',
    description:
      'One reconcileWorkflow per request: every stop sale and reservation synced within ' +
      '`window_days` is read back through Sedna’s read calls (GetStopSaleList per hotel, ' +
      'GetReservationByVoucher per reservation) on the tenant’s Sedna rate budget, and classified ' +
      'as match, missing_in_sedna, different (with the fields) or only_in_sedna. It never writes ' +
      'to Sedna. One check per tenant at a time.',
  })
  @ApiAcceptedResponse({ type: ReconcileStartedDto })
  @ApiError(400, '`errors` names the bad field (window_days)', BODY_CODES)
  @ApiError(
    409,
    'A check of the tenant is running (`reconcile_id` names it), or Sedna is not configured',
    [ReconcileErrorCode.RECONCILE_RUNNING, ReconcileErrorCode.SEDNA_NOT_CONFIGURED],
  )
  @ApiError(503, UNAVAILABLE, [...OUTAGE_CODES, ReconcileErrorCode.RECONCILE_START_FAILED])
  start(@Auth() auth: AuthContext, @Body() body: StartReconcileDto): Promise<ReconcileStarted> {
    return this.reconcile.start(auth, body.window_days);
  }

  @Get()
  @ApiOperation({ summary: 'The tenant’s drift checks, newest first, paged, with counts' })
  @ApiOkResponse({ type: ReconcileListDto })
  @ApiError(400, '`errors` names the bad query parameter (page, limit)', [
    CommonErrorCode.VALIDATION_FAILED,
  ])
  list(@Auth() auth: AuthContext, @Query() query: ReconcilePageQuery): Promise<ReconcileList> {
    return this.reconcile.list(auth.tenantId, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A drift check: status, counts and a page of its differences',
    description:
      'Answers while the check runs (counts so far). `items` lists every outcome but `match` ' +
      'unless `outcome` asks otherwise.',
  })
  @ApiOkResponse({ type: ReconcileDetailDto })
  @ApiError(400, '`errors` names the bad parameter (id, page, limit, outcome)', [
    CommonErrorCode.INVALID_ID,
    CommonErrorCode.VALIDATION_FAILED,
  ])
  @ApiError(404, 'Unknown id, or another tenant’s check', [ReconcileErrorCode.RECONCILE_NOT_FOUND])
  get(
    @Auth() auth: AuthContext,
    @Param('id', ReconcileIdPipe) id: string,
    @Query() query: ReconcileItemsQuery,
  ): Promise<ReconcileDetail> {
    return this.reconcile.get(auth.tenantId, id, query);
  }

  @Get(':id/report')
  @AllowQueryToken()
  @ApiOperation({
    summary: 'A drift check as an Excel workbook (Summary and Differences sheets), streamed',
    description:
      'Differences: every item but the matching ones, with its outcome, kind, hotel, dates, ' +
      'rooms, the fields that differ, `sedna_id`, and what the database and Sedna each say. ' +
      'Answers while the check runs (what it found so far). Browsers may pass the token as ' +
      '`?access_token=`.',
  })
  @ApiXlsxAttachment('drift-check-<reconcile_id>.xlsx')
  @ApiError(400, '`errors` names the bad id', [CommonErrorCode.INVALID_ID])
  @ApiError(404, 'Unknown id, or another tenant’s check', [ReconcileErrorCode.RECONCILE_NOT_FOUND])
  async report(
    @Auth() auth: AuthContext,
    @Param('id', ReconcileIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const run = await this.reconcile.findRun(auth.tenantId, id);
    sendAsXlsx(res, `drift-check-${run.id}.xlsx`);
    await this.reports.write(run, res);
  }
}
