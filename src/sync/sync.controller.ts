import {
  Body,
  ConflictException,
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
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import { AllowQueryToken, Auth, AuthContext } from '../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { StartsWorkflows } from '../rate-limit/rate-limit.decorators';
import { SIGNAL_CANCEL } from '../temporal/contract';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { ProgressHub } from './progress-hub.service';
import { openEventStream, lastEventId } from './sse-stream';
import { StartSyncDto, StartSyncResponse } from './start-sync.dto';
import { SyncHistoryQuery } from './sync-history.dto';
import { SyncIdPipe } from './sync-id.pipe';
import { SyncReportService } from './sync-report.service';
import { itemFailureView, RunRow, SyncRunsService } from './sync-runs.service';
import { SyncStarterService } from './sync-starter.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/sync')
export class SyncController {
  constructor(
    private readonly starter: SyncStarterService,
    private readonly runs: SyncRunsService,
    private readonly hub: ProgressHub,
    private readonly reports: SyncReportService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  /** Starts a bulk sync of the selected e-mails' reservations and stop sales. */
  @Post('emails')
  @HttpCode(200)
  @StartsWorkflows()
  @ApiOkResponse({ type: StartSyncResponse })
  async start(@Auth() auth: AuthContext, @Body() body: StartSyncDto): Promise<StartSyncResponse> {
    const items = await this.starter.planFromEmails(auth.tenantId, body.email_ids);
    const { syncId, totalItems } = await this.starter.start({ auth, items, trigger: 'manual' });
    this.metrics.runsStarted.inc({ trigger: 'manual' });
    return { sync_id: syncId, status: 'started', total_items: totalItems };
  }

  @Get('history')
  async history(@Auth() auth: AuthContext, @Query() query: SyncHistoryQuery) {
    const { rows, total } = await this.runs.history(
      auth.tenantId,
      query.page,
      query.limit,
      query.status,
    );
    return {
      items: rows.map((run) => ({
        sync_id: run.sync_id,
        status: run.status,
        trigger: run.trigger,
        retry_of: run.retry_of,
        total: run.total_items,
        successful: run.successful_count,
        failed: run.failed_count,
        started_at: run.started_at,
        completed_at: run.completed_at,
        duration_seconds: run.duration_seconds,
        temporal_ui_url: this.temporalUiUrl(run),
      })),
      total,
      page: query.page,
      pages: Math.ceil(total / query.limit),
    };
  }

  /** Live progress as Server-Sent Events; `Last-Event-ID` resumes after the last event seen. */
  @Get(':id/progress')
  @AllowQueryToken()
  @ApiProduces('text/event-stream')
  async progress(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const run = await this.runs.findRun(auth.tenantId, id);
    openEventStream(req, res, (listener) => this.hub.subscribe(run, lastEventId(req), listener));
  }

  @Get(':id/result')
  async result(@Auth() auth: AuthContext, @Param('id', SyncIdPipe) id: string) {
    const run = await this.runs.findRun(auth.tenantId, id);
    const [{ status, summary }, items, sedna] = await Promise.all([
      this.runs.summary(run),
      this.runs.items(run.id),
      this.runs.sednaHealth(run.tenant_id),
    ]);
    const pick = (wanted: string) => items.filter((item) => item.status === wanted);
    return {
      sync_id: run.sync_id,
      status,
      retry_of: run.retry_of,
      summary,
      successful: pick('success').map(({ email_id, type, item_id, sedna_rec_id }) => ({
        email_id,
        type,
        item_id,
        sedna_id: sedna_rec_id,
      })),
      failed: pick('failed').map((item) => ({
        email_id: item.email_id,
        type: item.type,
        item_id: item.item_id,
        ...itemFailureView(item),
        error: item.error_message,
      })),
      cancelled: pick('cancelled').map((item) => ({
        email_id: item.email_id,
        type: item.type,
        item_id: item.item_id,
        ...itemFailureView(item),
      })),
      /** Stop sales whose header is in Sedna without its rooms (failed or cancelled at Phase 2). */
      in_sedna_without_rooms: items.filter((item) => itemFailureView(item).in_sedna_without_rooms)
        .length,
      sedna,
      temporal_ui_url: this.temporalUiUrl(run),
    };
  }

  /** The run as an Excel workbook (Summary and Items sheets), streamed. */
  @Get(':id/report')
  @AllowQueryToken()
  @ApiProduces(XLSX)
  async report(
    @Auth() auth: AuthContext,
    @Param('id', SyncIdPipe) id: string,
    @Res() res: Response,
  ) {
    const run = await this.runs.findRun(auth.tenantId, id);
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="sync-report-${run.sync_id}.xlsx"`);
    await this.reports.write(run, res);
  }

  /** A new run over the items that did not succeed; stop sales with a RecId skip Phase 1. */
  @Post(':id/retry')
  @HttpCode(200)
  @StartsWorkflows()
  async retry(@Auth() auth: AuthContext, @Param('id', SyncIdPipe) id: string) {
    const run = await this.runs.findRun(auth.tenantId, id);
    if (run.status === 'running')
      throw new ConflictException({ detail: `Sync run ${id} is still running` });
    const items = await this.runs.unfinishedItems(run.id);
    if (!items.length)
      throw new ConflictException({ detail: `Sync run ${id} has no failed items to retry` });
    const { syncId, totalItems } = await this.starter.start({
      auth,
      items,
      trigger: 'retry',
      retryOf: run.sync_id,
    });
    this.metrics.runsStarted.inc({ trigger: 'retry' });
    return { sync_id: syncId, status: 'started', total_items: totalItems, retry_of: run.sync_id };
  }

  /** Stops starting items and cancels those in flight; a created Sedna record is always kept. */
  @Post(':id/cancel')
  @HttpCode(202)
  async cancel(@Auth() auth: AuthContext, @Param('id', SyncIdPipe) id: string) {
    const run = await this.runs.findRun(auth.tenantId, id);
    if (run.status !== 'running')
      throw new ConflictException({ detail: `Sync run ${id} is not running (${run.status})` });
    await this.temporal.workflow.getHandle(run.workflow_id).signal(SIGNAL_CANCEL);
    return { sync_id: run.sync_id, status: 'cancelling' };
  }

  private temporalUiUrl(run: RunRow): string {
    const base = this.config.temporalUiUrl.replace(/\/+$/, '');
    return `${base}/namespaces/${this.config.temporal.namespace}/workflows/${run.workflow_id}`;
  }
}
