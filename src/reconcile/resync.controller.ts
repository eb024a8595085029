import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StartsWorkflows } from '../api-rate-limit/rate-limit.decorators';
import { Auth, AuthContext } from '../auth/auth.decorators';
import {
  ApiError,
  ApiTenantRoutes,
  BODY_CODES,
  OUTAGE_CODES,
  UNAVAILABLE,
} from '../common/api-docs';
import { CommonErrorCode } from '../common/problem';
import { isDryRun } from '../sync/retry-failed.dto';
import { SyncErrorCode } from '../sync/sync.errors';
import { ReconcileIdPipe } from './reconcile.controller';
import { ReconcileErrorCode } from './reconcile.errors';
import type { ResyncResponse } from '../contract/views-reconcile';
import { ResyncDto, ResyncResultDto } from './resync.dto';
import { ResyncService } from './resync.service';

/** The drift check's re-sync action: a check's drifted items through the normal sync. */
@ApiTags('reconcile')
@ApiTenantRoutes()
@Controller('api/reconcile')
export class ResyncController {
  constructor(private readonly resyncs: ResyncService) {}

  @Post(':id/resync')
  @HttpCode(200)
  @StartsWorkflows(isDryRun)
  @ApiOperation({
    summary: 'Re-sync a drift check’s missing or different items through the normal sync',
    description:
      'One new BulkSync run (trigger `manual`; History, progress, result and report as any run) ' +
      'over the named items (`item_ids`, their ids in the check) or, by default, every ' +
      '`missing_in_sedna` and `different` item that can be re-synced. A stop sale whose header ' +
      'is still in Sedna keeps its RecId and goes straight to Phase 2 (no second Phase 1); an ' +
      'item Sedna no longer holds has its stored Sedna id cleared and syncs afresh. Not taken: ' +
      '`match` and `only_in_sedna` items, stop sales whose hotel or dates differ (Sedna refuses ' +
      'to change them on a header) and different reservations (Sedna has no update call); named ' +
      'ones are refused, the default selection lists them in `left_out`. `dry_run: true` only ' +
      'counts. Nothing is changed when the run cannot start.',
  })
  @ApiOkResponse({ type: ResyncResultDto })
  @ApiError(400, '`errors` names the bad id or body field (`item_ids`, `dry_run`)', [
    CommonErrorCode.INVALID_ID,
    ...BODY_CODES,
  ])
  @ApiError(404, 'Unknown check, or item ids that are not the check’s (`item_ids` names them)', [
    ReconcileErrorCode.RECONCILE_NOT_FOUND,
    ReconcileErrorCode.RECONCILE_ITEMS_NOT_FOUND,
  ])
  @ApiError(
    409,
    'The check is running; items that cannot be re-synced (`items` names them with `reason`); ' +
      'items synced again or removed since the check (`item_ids`); nothing to re-sync; or items ' +
      'held by a running run',
    [
      ReconcileErrorCode.RECONCILE_NOT_FINISHED,
      ReconcileErrorCode.ITEMS_NOT_RESYNCABLE,
      ReconcileErrorCode.ITEMS_CHANGED_SINCE_CHECK,
      ReconcileErrorCode.NOTHING_TO_RESYNC,
      SyncErrorCode.EMAILS_IN_RUNNING_RUN,
    ],
  )
  @ApiError(413, 'More items than one re-sync takes: name them in `item_ids`', [
    ReconcileErrorCode.TOO_MANY_ITEMS,
  ])
  @ApiError(503, UNAVAILABLE, [...OUTAGE_CODES, SyncErrorCode.WORKFLOW_START_FAILED])
  resync(
    @Auth() auth: AuthContext,
    @Param('id', ReconcileIdPipe) id: string,
    @Body() body: ResyncDto,
  ): Promise<ResyncResponse> {
    return this.resyncs.resync(auth, id, body);
  }
}
