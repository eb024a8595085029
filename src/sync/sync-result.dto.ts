import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { WorkersDto } from '../health/health.dto';
import { IsBoolean, IsOptional } from 'class-validator';
import {
  ITEM_ERROR_CODES,
  ITEM_STAGES,
  type HotelCandidate,
  type ItemErrorCode,
  type ItemStage,
} from '../contract/item-errors';
import {
  FINAL_RUN_STATUSES,
  ITEM_TYPES,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type ItemType,
  type RunStatus,
  type RunTrigger,
} from '../contract/statuses';
import type {
  FailedItem,
  LeftBehindItem,
  Phase2PendingItem,
  RetryStarted,
  RunSummary,
  SyncCancelling,
  SyncedItem,
  SyncResult,
  SyncRunSummary,
  ResultItemRef,
  UnfinishedItem,
} from '../contract/views-sync';
import type { Page, SednaHealthView } from '../contract/views';

/** OpenAPI shapes of the sync routes' answers (the controller builds the plain objects). */

const ERROR_CODES = Object.values(ITEM_ERROR_CODES);

export class RunSummaryDto implements RunSummary {
  @ApiProperty({ example: 15 }) total: number;
  @ApiProperty({ example: 13 }) successful: number;
  @ApiProperty({ example: 2 }) failed: number;
  @ApiProperty({ example: 4.2, nullable: true, type: Number, description: 'null while running' })
  duration_seconds: number | null;
}

export class HotelCandidateDto implements HotelCandidate {
  @ApiProperty({ example: 31 }) sedna_hotel_id: number;
  @ApiProperty({ example: 'Grand Paradise Resort' }) name: string;
}

class ItemRefDto implements ResultItemRef {
  @ApiProperty({ example: 123 }) email_id: number;
  @ApiProperty({ enum: ITEM_TYPES }) type: ItemType;
  @ApiProperty({ example: 456, description: 'The reservation or stop sale id' }) item_id: number;
  @ApiPropertyOptional({
    example: 'Grand Resort Antalya',
    description:
      'The hotel as the e-mail names it (absent when the item’s row is gone); of HOTEL_NOT_FOUND, the name sought',
  })
  hotel_name?: string;
  @ApiPropertyOptional({ example: 'JUN2024001', description: 'Reservation' }) voucher_no?: string;
  @ApiPropertyOptional({ format: 'date', example: '2025-01-15', description: 'Reservation' })
  check_in?: string;
  @ApiPropertyOptional({ format: 'date', example: '2025-01-22', description: 'Reservation' })
  check_out?: string;
  @ApiPropertyOptional({ format: 'date', example: '2025-05-01', description: 'Stop sale' })
  date_from?: string;
  @ApiPropertyOptional({ format: 'date', example: '2025-05-15', description: 'Stop sale' })
  date_to?: string;
  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['DBL', 'TRP'],
    description: 'A reservation’s room code; a stop sale’s room codes, null for all rooms',
  })
  room_codes?: string[] | null;
}

export class SyncedItemDto extends ItemRefDto implements SyncedItem {
  @ApiProperty({ example: 5678, nullable: true, type: Number, description: 'Sedna’s RecId' })
  sedna_id: number | null;
}

/** A failed or cancelled item: its error as data (SPEC §9). */
export class UnfinishedItemDto extends ItemRefDto implements UnfinishedItem {
  @ApiPropertyOptional({
    example: 'Hotel not found in Sedna: "Grand Parades"',
    nullable: true,
    type: String,
  })
  error?: string | null;
  @ApiPropertyOptional({ enum: ERROR_CODES }) code?: ItemErrorCode;
  @ApiPropertyOptional({ enum: ITEM_STAGES }) stage?: ItemStage;
  @ApiPropertyOptional({ type: [HotelCandidateDto], description: 'HOTEL_NOT_FOUND' })
  candidates?: HotelCandidateDto[];
  @ApiPropertyOptional({ type: [String], description: 'ROOM_TYPE_UNKNOWN, BOARD_UNKNOWN' })
  codes?: string[];
  @ApiPropertyOptional({ example: 31, description: 'HOTEL_MAPPING_STALE: the mapping’s hotel id' })
  sedna_hotel_id?: number;
  @ApiPropertyOptional({
    example: 'Grand Paradise Resort',
    nullable: true,
    type: String,
    description: 'HOTEL_MAPPING_STALE: the Sedna hotel name the mapping was made for',
  })
  sedna_hotel_name?: string | null;
  @ApiPropertyOptional({
    example: 823259,
    description: 'Of a stop sale whose Phase 1 header is in Sedna: its RecId',
  })
  sedna_id?: number;
  @ApiProperty({ description: 'A stop-sale header is in Sedna without its rooms (Phase 2)' })
  in_sedna_without_rooms: boolean;
  @ApiPropertyOptional({
    description:
      'Of a failed item: it fails the same way until something changes (ROOM_TYPE_UNKNOWN, ' +
      'BOARD_UNKNOWN: the code in Sedna or the e-mail); a retry leaves it out unless asked',
  })
  needs_change?: boolean;
}

/**
 * A stop sale whose Phase 1 header is in Sedna while Phase 2 is still being tried: stage
 * `phase2`, `sedna_id` (the RecId), `in_sedna_without_rooms: true`, and, once an attempt has
 * failed, that attempt's `error` and `code`.
 */
export class Phase2PendingItemDto extends UnfinishedItemDto {
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
}

export class LeftBehindItemDto extends UnfinishedItemDto {
  @ApiProperty({ format: 'uuid', description: 'The earlier run of the chain the item failed in' })
  from_sync_id: string;
}

export class SednaHealthDto implements SednaHealthView {
  @ApiProperty() reachable: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) since: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_error_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_ok_at: string | null;
}

/** The item lists' OpenAPI shapes are the item DTOs; their types the contract's, narrower. */
export class SyncResultDto implements SyncResult {
  @ApiProperty({ format: 'uuid' }) sync_id: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: RunStatus;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The run this one retried',
  })
  retry_of: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The run that retried this one (a run is retried once)',
  })
  retried_by: string | null;
  @ApiProperty({ type: RunSummaryDto }) summary: RunSummaryDto;
  @ApiProperty({ type: [SyncedItemDto] }) successful: SyncedItemDto[];
  @ApiProperty({ type: [UnfinishedItemDto] }) failed: FailedItem[];
  @ApiProperty({ type: [UnfinishedItemDto] }) cancelled: UnfinishedItemDto[];
  @ApiProperty({
    type: [Phase2PendingItemDto],
    description:
      'Stop sales whose header is in Sedna while Phase 2 is still being tried (the run is ' +
      '`running`): each with `sedna_id`, `stage: phase2` and the last failed attempt’s `error` ' +
      'and `code`; counted in `in_sedna_without_rooms`',
  })
  phase2_pending: Phase2PendingItem[];
  @ApiProperty({
    type: [LeftBehindItemDto],
    description:
      'Items an earlier retry of this chain left out (they need a change) that no later run ' +
      'took: a retry of this run takes them with `include_needs_change`',
  })
  left_behind: LeftBehindItem[];
  @ApiProperty({
    description:
      'Stop sales whose header is in Sedna without its rooms: failed or cancelled at Phase 2, ' +
      'and those still in Phase 2 (`phase2_pending`)',
  })
  in_sedna_without_rooms: number;
  @ApiProperty({ description: 'Failed and cancelled items a default retry sends again' })
  retryable_count: number;
  @ApiProperty({
    description:
      'Failed items that need a change first (`needs_change`, `left_behind` included); a retry takes them only with `include_needs_change`',
  })
  needs_change_count: number;
  @ApiProperty({
    type: SednaHealthDto,
    nullable: true,
    description: 'null before any Sedna call',
  })
  sedna: SednaHealthDto | null;
  @ApiProperty({
    type: WorkersDto,
    nullable: true,
    description:
      'While the run is running: whether a worker polls the task queues, and since when none ' +
      'does (`polling: false`, `no_worker_since`); null once it ended',
  })
  workers: WorkersDto | null;
  @ApiProperty({ example: 'http://localhost:8233/namespaces/default/workflows/bulk-sync-…' })
  temporal_ui_url: string;
}

export class SyncHistoryRowDto implements SyncRunSummary {
  @ApiProperty({ format: 'uuid' }) sync_id: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: RunStatus;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger: RunTrigger;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) retry_of: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) retried_by: string | null;
  @ApiProperty() total: number;
  @ApiProperty() successful: number;
  @ApiProperty() failed: number;
  @ApiProperty({ format: 'date-time' }) started_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completed_at: string | null;
  @ApiProperty({ nullable: true, type: Number }) duration_seconds: number | null;
  @ApiProperty() temporal_ui_url: string;
}

export class SyncHistoryPageDto implements Page<SyncRunSummary> {
  @ApiProperty({ type: [SyncHistoryRowDto] }) items: SyncHistoryRowDto[];
  @ApiProperty({ description: 'Runs matching the filters' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pages: number;
  @ApiProperty({ description: 'The page size used (a larger `limit` is clamped)' }) limit: number;
}

export class RetrySyncDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Also send the failed items that need a change first (`needs_change`)',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean value' })
  include_needs_change?: boolean;
}

export class RetryStartedDto implements RetryStarted {
  @ApiProperty({ format: 'uuid' }) sync_id: string;
  @ApiProperty({ enum: ['started'] }) status: 'started';
  @ApiProperty() total_items: number;
  @ApiProperty({ format: 'uuid' }) retry_of: string;
  @ApiProperty({ description: 'Items left out because they need a change first' })
  skipped_needs_change: number;
}

export class CancellingDto implements SyncCancelling {
  @ApiProperty({ format: 'uuid' }) sync_id: string;
  @ApiProperty({ enum: ['cancelling'] }) status: 'cancelling';
}

/** SSE `data:` of one finished item; the frame's `id:` is `current`. */
export class ProgressFrameDto {
  @ApiProperty({ enum: ['progress'] }) type: 'progress';
  @ApiProperty({ description: 'Sequence number of this event (also the SSE `id:`)' })
  current: number;
  @ApiProperty() total: number;
  @ApiProperty({
    description:
      'The item: success with `sedna_id`, or failed/cancelled with its error as data; a failed ' +
      'item says `needs_change` as in the result, so a live view can tell it before the run ends',
    oneOf: [{ $ref: getSchemaPath(SyncedItemDto) }, { $ref: getSchemaPath(UnfinishedItemDto) }],
  })
  item: SyncedItemDto | UnfinishedItemDto;
}

/** SSE `data:` of the last frame; the stream closes after it. */
export class CompleteFrameDto {
  @ApiProperty({ enum: ['complete'] }) type: 'complete';
  @ApiProperty({ enum: FINAL_RUN_STATUSES }) status: string;
  @ApiProperty({ type: RunSummaryDto }) summary: RunSummaryDto;
}

/** SSE `data:` without `id:` when the tenant's Sedna reachability changes. */
export class SednaFrameDto extends SednaHealthDto {
  @ApiProperty({ enum: ['sedna'] }) type: 'sedna';
}

/**
 * SSE `data:` without `id:`: the run's stop sales in Sedna without rooms while Phase 2 is tried,
 * all of them, when that changes (an empty list once none is left).
 */
export class Phase2PendingFrameDto {
  @ApiProperty({ enum: ['phase2_pending'] }) type: 'phase2_pending';
  @ApiProperty({ type: [Phase2PendingItemDto] }) items: Phase2PendingItemDto[];
}

/** SSE `data:` without `id:` when no worker polls a task queue, and when one does again. */
export class WorkersFrameDto extends WorkersDto {
  @ApiProperty({ enum: ['workers'] }) type: 'workers';
}

export const SSE_DESCRIPTION = [
  'Server-Sent Events. Starts with `retry: 2000`. Each finished item is a frame',
  '`id: <seq>` + `data: ProgressFrame`; the last is `data: CompleteFrame` (id one past the last',
  'item), then the stream closes. `data: SednaFrame` (no id) reports Sedna reachability changes;',
  '`data: Phase2PendingFrame` (no id) lists the stop sales in Sedna without rooms while their',
  'Phase 2 is tried, with their last error, whenever that list changes; `data: WorkersFrame`',
  '(no id) says that no worker polls a task queue (since when), and later that one does again.',
  '`: heartbeat` comments every 15 s. Reconnecting with `Last-Event-ID` (or `?last_event_id=`)',
  'sends only the events after it; connecting after completion replays all, then `complete`.',
  'Browsers may pass the token as `?access_token=`.',
].join(' ');
