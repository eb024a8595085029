import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowQueryToken, Auth, AuthContext } from '../auth/auth.decorators';
import {
  ApiError,
  ApiTenantRoutes,
  BODY_CODES,
  OUTAGE_CODES,
  UNAVAILABLE,
} from '../common/api-docs';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WorkerPollers } from '../health/worker-pollers';
import { ApiMetrics } from '../metrics/api-metrics';
import { StartsWorkflows } from '../api-rate-limit/rate-limit.decorators';
import { ApiXlsxAttachment, sendAsXlsx } from '../common/xlsx';
import { temporalUiUrl } from '../temporal/temporal-ui';
import { ProgressHub } from './progress-hub.service';
import { openEventStream, lastEventId } from './sse-stream';
import type { Page } from '../contract/views';
import type {
  ResultItemRef,
  RetryFailedResponse,
  RetryStarted,
  SyncCancelling,
  SyncResult,
  SyncRunSummary,
  SyncStarted,
} from '../contract/views-sync';
import { StartSyncDto, StartSyncResponse } from './start-sync.dto';
import { SyncHistoryQuery } from './sync-history.dto';
import {
  CancellingDto,
  CompleteFrameDto,
  Phase2PendingFrameDto,
  ProgressFrameDto,
  WorkersFrameDto,
  RetryStartedDto,
  RetrySyncDto,
  SednaFrameDto,
  SSE_DESCRIPTION,
  SyncedItemDto,
  SyncHistoryPageDto,
  SyncResultDto,
  UnfinishedItemDto,
} from './sync-result.dto';
import { isDryRun, RetryFailedDto, RetryFailedResultDto, sinceInstant } from './retry-failed.dto';
import { SyncIdPipe } from './sync-id.pipe';
import { SyncReportService } from './sync-report.service';
import { detailsKey } from './item-details';
import { needsChange } from './retry-selection';
import { itemFailureView, SyncRunsService } from './sync-runs.service';
import type { RunRow } from './sync.repository';
import { SyncStarterService } from './sync-starter.service';
import { CommonErrorCode, ProblemException } from '../common/problem';
import { SyncErrorCode } from './sync.errors';

const NOT_FOUND = 'Unknown sync id, or another tenant’s run';
const BAD_ID = '`errors` names the bad id (`id: the sync id must be a UUID`)';
/** A start that Temporal refused leaves nothing stored. */
const START_UNAVAILABLE = [...OUTAGE_CODES, SyncErrorCode.WORKFLOW_START_FAILED];

@ApiTags('sync')
@ApiTenantRoutes()
@ApiExtraModels(
  ProgressFrameDto,
  CompleteFrameDto,
  SednaFrameDto,
  Phase2PendingFrameDto,
  WorkersFrameDto,
  SyncedItemDto,
  UnfinishedItemDto,
)
@Controller('api/sync')
export class SyncController {
  constructor(
    private readonly starter: SyncStarterService,
    private readonly runs: SyncRunsService,
    private readonly hub: ProgressHub,
    private readonly reports: SyncReportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: ApiMetrics,
    private readonly pollers: WorkerPollers,
  ) {}

  /** Starts a bulk sync of the selected e-mails' reservations and stop sales. */
  @Post('emails')
  @HttpCode(200)
  @StartsWorkflows()
  @ApiOperation({
    summary: "Start a bulk sync of the selected e-mails' reservations and stop sales",
    description:
      'One BulkSync workflow per request. Duplicate ids collapse; an item already synced is ' +
      'reported as success with its Sedna id, not sent twice.',
  })
  @ApiOkResponse({ type: StartSyncResponse })
  @ApiError(400, 'No e-mails, none with items, or `errors` names the bad field', [
    ...BODY_CODES,
    SyncErrorCode.NO_EMAILS_SELECTED,
    SyncErrorCode.NO_SYNC_ITEMS,
  ])
  @ApiError(404, 'Unknown or another tenant’s e-mail ids, named; nothing started', [
    SyncErrorCode.EMAILS_NOT_FOUND,
  ])
  @ApiError(409, 'Some of the e-mails are being synced by a running run (named)', [
    SyncErrorCode.EMAILS_IN_RUNNING_RUN,
  ])
  @ApiError(413, 'More e-mail ids than the per-request cap', [SyncErrorCode.TOO_MANY_EMAILS])
  @ApiError(503, UNAVAILABLE, START_UNAVAILABLE)
  async start(@Auth() auth: AuthContext, @Body() body: StartSyncDto): Promise<SyncStarted> {
    const items = await this.starter.planFromEmails(auth.tenantId, body.email_ids);
    const { syncId, totalItems } = await this.starter.start({ auth, items, trigger: 'manual' });
    this.metrics.runsStarted.inc({ trigger: 'manual' });
    return { sync_id: syncId, status: 'started', total_items: totalItems };
  }

  @Get('history')
  @ApiOperation({
    summary: 'Runs of the tenant, newest first, paged, with counts and durations',
    description: 'Optional filters `status` and `trigger`; `total` and `pages` count the matches.',
  })
  @ApiOkResponse({ type: SyncHistoryPageDto })
  @ApiError(400, '`errors` names the bad query parameter (page, limit, status, trigger)', [
    CommonErrorCode.VALIDATION_FAILED,
  ])
  async history(
    @Auth() auth: AuthContext,
    @Query() query: SyncHistoryQuery,
  ): Promise<Page<SyncRunSummary>> {
    const { rows, total } = await this.runs.history(auth.tenantId, query.page, query.limit, {
      status: query.status,
      trigger: query.trigger,
    });
    return {
      items: rows.map((run) => ({
        sync_id: run.sync_id,
        status: run.status,
        trigger: run.trigger,
        retry_of: run.retry_of,
        retried_by: run.retried_by,
        total: run.total_items,
        successful: run.successful_count,
        failed: run.failed_count,
        started_at: run.started_at.toISOString(),
        completed_at: run.completed_at ? run.completed_at.toISOString() : null,
        duration_seconds: run.duration_seconds,
        temporal_ui_url: this.temporalUiUrl(run),
      })),
      total,
      page: query.page,
      pages: Math.ceil(total / query.limit),
      limit: query.limit,
    };
  }

  /** Live progress as Server-Sent Events; `Last-Event-ID` resumes after the last event seen. */
  @Get(':id/progress')
  @AllowQueryToken()
  @ApiOperation({
    summary: 'Live progress of a run (Server-Sent Events)',
    description: SSE_DESCRIPTION,
  })
  @ApiOkResponse({
    description: SSE_DESCRIPTION,
    content: {
      'text/event-stream': {
        schema: {
          description: 'The `data:` of one frame (JSON)',
          oneOf: [
            { $ref: getSchemaPath(ProgressFrameDto) },
            { $ref: getSchemaPath(CompleteFrameDto) },
            { $ref: getSchemaPath(SednaFrameDto) },
            { $ref: getSchemaPath(Phase2PendingFrameDto) },
            { $ref: getSchemaPath(WorkersFrameDto) },
          ],
        },
      },
    },
  })
  @ApiError(400, BAD_ID, [CommonErrorCode.INVALID_ID])
  @ApiError(404, NOT_FOUND, [SyncErrorCode.SYNC_RUN_NOT_FOUND])
  async progress(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const run = await this.runs.findRun(auth.tenantId, id);
    if (run.status === 'running') await this.runs.ensureWorkflowReachable(run);
    openEventStream(req, res, (listener) => this.hub.subscribe(run, lastEventId(req), listener));
  }

  @Get(':id/result')
  @ApiOperation({
    summary: 'Result of a run: counts, items by outcome, retry chain',
    description:
      'Answers while running too (`status: running`, live counts); after the workflow’s ' +
      'retention it answers from the database.',
  })
  @ApiOkResponse({ type: SyncResultDto })
  @ApiError(400, BAD_ID, [CommonErrorCode.INVALID_ID])
  @ApiError(404, NOT_FOUND, [SyncErrorCode.SYNC_RUN_NOT_FOUND])
  async result(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
  ): Promise<SyncResult> {
    const run = await this.runs.findRun(auth.tenantId, id);
    const [{ status, summary }, items, phase2Pending, sedna, details, candidates, workers] =
      await Promise.all([
        this.runs.summary(run),
        this.runs.items(run.id),
        this.runs.phase2Pending(run.id),
        this.runs.sednaHealth(run.tenant_id),
        this.runs.itemDetails(run),
        this.runs.retryCandidates(run.id),
        run.status === 'running' ? this.pollers.view() : null,
      ]);
    const leftBehind = candidates.filter((item) => item.left_behind);
    for (const [key, view] of await this.runs.detailsOf(run.tenant_id, leftBehind))
      details.set(key, view);
    const pick = (wanted: string) => items.filter((item) => item.status === wanted);
    const about = (item: ResultItemRef) => ({
      email_id: item.email_id,
      type: item.type,
      item_id: item.item_id,
      ...details.get(detailsKey(item.type, item.item_id)),
    });
    const needsChangeCount = candidates.filter(needsChange).length;
    const failedView = (item: (typeof items)[number]) => ({
      ...about(item),
      ...itemFailureView(item),
      error: item.error_message,
      needs_change: needsChange(item),
    });
    return {
      sync_id: run.sync_id,
      status,
      retry_of: run.retry_of,
      retried_by: run.retried_by,
      summary,
      successful: pick('success').map((item) => ({ ...about(item), sedna_id: item.sedna_id })),
      failed: pick('failed').map(failedView),
      cancelled: pick('cancelled').map((item) => ({ ...about(item), ...itemFailureView(item) })),
      phase2_pending: phase2Pending.map((item) => ({ ...about(item), ...item })),
      /**
       * Stop sales whose header is in Sedna without its rooms: failed or cancelled at Phase 2,
       * or still in Phase 2 (phase2_pending).
       */
      in_sedna_without_rooms: items.filter((item) => itemFailureView(item).in_sedna_without_rooms)
        .length,
      left_behind: leftBehind.map((item) => ({
        ...failedView(item),
        from_sync_id: item.from_sync_id,
      })),
      retryable_count: candidates.length - needsChangeCount,
      needs_change_count: needsChangeCount,
      sedna,
      workers,
      temporal_ui_url: this.temporalUiUrl(run),
    };
  }

  /** The run as an Excel workbook (Summary and Items sheets), streamed. */
  @Get(':id/report')
  @AllowQueryToken()
  @ApiOperation({
    summary: 'The run as an Excel workbook (Summary and Items sheets), streamed',
    description: 'Browsers may pass the token as `?access_token=`.',
  })
  @ApiXlsxAttachment('sync-report-<sync_id>.xlsx')
  @ApiError(400, BAD_ID, [CommonErrorCode.INVALID_ID])
  @ApiError(404, NOT_FOUND, [SyncErrorCode.SYNC_RUN_NOT_FOUND])
  async report(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
    @Res() res: Response,
  ) {
    const run = await this.runs.findRun(auth.tenantId, id);
    sendAsXlsx(res, `sync-report-${run.sync_id}.xlsx`);
    await this.reports.write(run, res);
  }

  /** A new run over the items that did not succeed; stop sales with a RecId skip Phase 1. */
  @Post(':id/retry')
  @HttpCode(200)
  @StartsWorkflows()
  @ApiOperation({
    summary: 'Retry the failed and cancelled items of a finished run in a new run',
    description:
      'The new run has `retry_of` set; stop sales with a known RecId skip Phase 1. A run is ' +
      'retried once: retry its retry (`retried_by`) to go on. Failed items that need a change ' +
      'first (`needs_change`: unknown room or board code) are left out unless the body says ' +
      '`include_needs_change: true`; those an earlier retry of the chain left out stay with ' +
      'the chain (`left_behind` of the result) and go with a later retry that includes them. ' +
      'An item some run has synced since is not sent again.',
  })
  @ApiOkResponse({ type: RetryStartedDto })
  @ApiError(
    400,
    `${BAD_ID}, or the bad body field (\`include_needs_change: must be a boolean value\`)`,
    [CommonErrorCode.INVALID_ID, ...BODY_CODES],
  )
  @ApiError(404, NOT_FOUND, [SyncErrorCode.SYNC_RUN_NOT_FOUND])
  @ApiError(
    409,
    'Still running, nothing to retry (or only items that need a change), already retried (names the run that retried it), or items in a running run',
    [
      SyncErrorCode.SYNC_RUN_RUNNING,
      SyncErrorCode.NOTHING_TO_RETRY,
      SyncErrorCode.ONLY_NEEDS_CHANGE_LEFT,
      SyncErrorCode.ALREADY_RETRIED,
      SyncErrorCode.EMAILS_IN_RUNNING_RUN,
    ],
  )
  @ApiError(503, UNAVAILABLE, START_UNAVAILABLE)
  async retry(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
    @Body() body: RetrySyncDto,
  ): Promise<RetryStarted> {
    const run = await this.runs.findRun(auth.tenantId, id);
    if (run.status === 'running')
      throw new ProblemException(
        409,
        SyncErrorCode.SYNC_RUN_RUNNING,
        `Sync run ${id} is still running`,
      );
    const { items, skipped } = await this.runs.retryItems(
      run.id,
      body.include_needs_change === true,
    );
    if (!items.length && skipped)
      throw new ProblemException(
        409,
        SyncErrorCode.ONLY_NEEDS_CHANGE_LEFT,
        `Sync run ${id} has no failed items to retry: ${skipped} need a change first ` +
          '(unknown room or board codes); send include_needs_change: true to retry them anyway',
        { needs_change_count: skipped },
      );
    if (!items.length)
      throw new ProblemException(
        409,
        SyncErrorCode.NOTHING_TO_RETRY,
        `Sync run ${id} has no failed items to retry`,
      );
    const { syncId, totalItems } = await this.starter.start({
      auth,
      items,
      trigger: 'retry',
      retryOf: run.sync_id,
    });
    this.metrics.runsStarted.inc({ trigger: 'retry' });
    return {
      sync_id: syncId,
      status: 'started',
      total_items: totalItems,
      retry_of: run.sync_id,
      skipped_needs_change: skipped,
    };
  }

  /** Every failed item of the tenant, across runs, in one new run (or counted: `dry_run`). */
  @Post('retry-failed')
  @HttpCode(200)
  @StartsWorkflows(isDryRun)
  @ApiOperation({
    summary: "Retry the tenant's failed items across runs in one new run",
    description:
      'Takes every item whose latest outcome, in a run that has ended, is `failed`, narrowed by ' +
      '`since` (failed at or after), `code` and `hotel` (name contains, case-insensitive). An ' +
      'item some run has synced since is not taken; those that need a change first ' +
      '(`needs_change`) only with `include_needs_change: true`. `dry_run: true` counts and ' +
      'starts nothing. The new run has trigger `retry` and no `retry_of`; stop sales with a ' +
      'known RecId skip Phase 1.',
  })
  @ApiOkResponse({ type: RetryFailedResultDto })
  @ApiError(400, '`errors` names the bad body field (`code: must be one of …`)', BODY_CODES)
  @ApiError(409, 'Nothing matches (or only items that need a change), or items in a running run', [
    SyncErrorCode.NOTHING_TO_RETRY,
    SyncErrorCode.ONLY_NEEDS_CHANGE_LEFT,
    SyncErrorCode.EMAILS_IN_RUNNING_RUN,
  ])
  @ApiError(413, 'More matching items than one bulk retry takes: narrow the filters', [
    SyncErrorCode.TOO_MANY_ITEMS,
  ])
  @ApiError(503, UNAVAILABLE, START_UNAVAILABLE)
  async retryFailed(
    @Auth() auth: AuthContext,
    @Body() body: RetryFailedDto,
  ): Promise<RetryFailedResponse> {
    const maxItems = this.config.sync.maxItemsPerBulkRetry;
    const { items, skipped, runs, byCode } = await this.runs.failedAcrossRuns(
      auth.tenantId,
      {
        since: body.since === undefined ? undefined : sinceInstant(body.since),
        code: body.code,
        hotel: body.hotel,
      },
      body.include_needs_change === true,
    );
    const counted = {
      count: items.length,
      skipped_needs_change: skipped,
      runs,
      by_code: byCode,
      max_items: maxItems,
    };
    if (body.dry_run === true) return { dry_run: true, ...counted };
    if (!items.length)
      throw skipped
        ? new ProblemException(
            409,
            SyncErrorCode.ONLY_NEEDS_CHANGE_LEFT,
            `No failed items to retry: ${skipped} match but need a change first (unknown room ` +
              'or board codes); send include_needs_change: true to retry them anyway',
            { needs_change_count: skipped },
          )
        : new ProblemException(409, SyncErrorCode.NOTHING_TO_RETRY, 'No failed items match');
    if (items.length > maxItems)
      throw new ProblemException(
        413,
        SyncErrorCode.TOO_MANY_ITEMS,
        `${items.length} failed items match, at most ${maxItems} per bulk retry: ` +
          'narrow it with since, code or hotel',
        { count: items.length, max: maxItems },
      );
    const { syncId } = await this.starter.start({ auth, items, trigger: 'retry' });
    this.metrics.runsStarted.inc({ trigger: 'retry' });
    return { dry_run: false, ...counted, sync_id: syncId, status: 'started' };
  }

  /** Stops starting items and cancels those in flight; a created Sedna record is always kept. */
  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Cancel a running run',
    description:
      'Stops starting items and cancels those in flight; a created Sedna record is kept.',
  })
  @ApiAcceptedResponse({ type: CancellingDto })
  @ApiError(400, BAD_ID, [CommonErrorCode.INVALID_ID])
  @ApiError(404, NOT_FOUND, [SyncErrorCode.SYNC_RUN_NOT_FOUND])
  @ApiError(409, 'The run is not running', [SyncErrorCode.SYNC_RUN_NOT_RUNNING])
  async cancel(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
  ): Promise<SyncCancelling> {
    const run = await this.runs.findRun(auth.tenantId, id);
    if (run.status !== 'running')
      throw new ProblemException(
        409,
        SyncErrorCode.SYNC_RUN_NOT_RUNNING,
        `Sync run ${id} is not running (${run.status})`,
        { run_status: run.status },
      );
    await this.runs.requestCancel(run);
    return { sync_id: run.sync_id, status: 'cancelling' };
  }

  private temporalUiUrl(run: RunRow): string {
    return temporalUiUrl(this.config, 'workflows', run.workflow_id);
  }
}
