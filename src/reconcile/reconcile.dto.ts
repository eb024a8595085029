import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageNumber, PageSize } from '../common/validators';
import {
  DEFAULT_RECONCILE_WINDOW_DAYS,
  DRIFT_FIELDS,
  DriftField,
  MAX_RECONCILE_WINDOW_DAYS,
  RECONCILE_OUTCOMES,
  RECONCILE_STATUSES,
  RECONCILE_TRIGGERS,
  ReconcileOutcome,
  ReconcileStatus,
  ReconcileTrigger,
} from '../contract/reconcile';
import { ITEM_TYPES, ItemType } from '../contract/statuses';
import type {
  ReconcileDetail,
  ReconcileItem,
  ReconcileList,
  ReconcileRun,
  ReconcileStarted,
} from '../contract/views-reconcile';

/** The most items (or checks) one page holds. */
export const MAX_RECONCILE_PAGE_SIZE = 100;
/** The outcomes a check's page shows unless asked: the differences. */
export const DRIFT_OUTCOMES: readonly ReconcileOutcome[] = RECONCILE_OUTCOMES.filter(
  (o) => o !== 'match',
);

export class StartReconcileDto {
  @ApiPropertyOptional({
    default: DEFAULT_RECONCILE_WINDOW_DAYS,
    minimum: 1,
    maximum: MAX_RECONCILE_WINDOW_DAYS,
    description: 'Check the items synced within this many days',
  })
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(MAX_RECONCILE_WINDOW_DAYS)
  window_days?: number;
}

export class ReconcileStartedDto implements ReconcileStarted {
  @ApiProperty({ format: 'uuid' }) reconcile_id: string;
  @ApiProperty({ enum: ['running'] }) status: 'running';
  @ApiProperty() window_days: number;
  @ApiProperty() workflow_id: string;
}

export class ReconcileCountsDto {
  @ApiProperty({ description: 'Items as Sedna holds them' }) match: number;
  @ApiProperty({ description: 'Synced items Sedna no longer holds' }) missing_in_sedna: number;
  @ApiProperty({ description: 'Items Sedna holds otherwise (see each item’s `fields`)' })
  different: number;
  @ApiProperty({ description: 'Sedna stop sales of the operator that no row here holds' })
  only_in_sedna: number;
  @ApiProperty({ description: 'All of the above' }) total: number;
}

export class ReconcileItemDto implements ReconcileItem {
  @ApiProperty({ description: 'The compared item’s id in this check (for re-sync)' }) id: number;
  @ApiProperty({ enum: ITEM_TYPES }) type: ItemType;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The reservation or stop sale; null for only_in_sedna',
  })
  item_id: number | null;
  @ApiProperty({ nullable: true, type: Number }) email_id: number | null;
  @ApiProperty({ nullable: true, type: String }) hotel_name: string | null;
  @ApiProperty({ nullable: true, type: Number }) sedna_hotel_id: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Sedna’s record id (RecId)' })
  sedna_id: number | null;
  @ApiProperty({ enum: RECONCILE_OUTCOMES }) outcome: ReconcileOutcome;
  @ApiProperty({ enum: DRIFT_FIELDS, isArray: true, description: 'What differs (`different`)' })
  fields: DriftField[];
  @ApiProperty({
    nullable: true,
    type: Object,
    description:
      'The compared facts as stored here (stop sale: date_from, date_to, is_close, room_types, ' +
      'board_types; reservation: check_in, check_out, room_type, board_type, adults, children, status)',
  })
  ours: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The same facts as Sedna shows them' })
  sedna: Record<string, unknown> | null;
}

export class ReconcileRunDto implements ReconcileRun {
  @ApiProperty({ format: 'uuid' }) reconcile_id: string;
  @ApiProperty({ enum: RECONCILE_STATUSES }) status: ReconcileStatus;
  @ApiProperty({ enum: RECONCILE_TRIGGERS }) trigger: ReconcileTrigger;
  @ApiProperty() window_days: number;
  @ApiProperty({ description: 'Items synced since then are checked' }) window_start: string;
  @ApiProperty() started_at: string;
  @ApiProperty({ nullable: true, type: String }) finished_at: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why a failed check stopped' })
  error: string | null;
  @ApiProperty() workflow_id: string;
  @ApiProperty({ type: ReconcileCountsDto }) counts: ReconcileCountsDto;
}

export class ReconcileDetailDto extends ReconcileRunDto implements ReconcileDetail {
  @ApiProperty({
    type: [ReconcileItemDto],
    description: 'A page of the items of the asked outcomes',
  })
  items: ReconcileItemDto[];
  @ApiProperty({ description: 'Items of the asked outcomes' }) total_items: number;
  @ApiProperty() page: number;
  @ApiProperty() pages: number;
  @ApiProperty({ description: 'The page size used (a larger `limit` is clamped)' }) limit: number;
}

export class ReconcileListDto implements ReconcileList {
  @ApiProperty({ type: [ReconcileRunDto] }) items: ReconcileRunDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pages: number;
  @ApiProperty() limit: number;
}

export class ReconcilePageQuery {
  @PageNumber()
  page: number = 1;

  @PageSize(MAX_RECONCILE_PAGE_SIZE, 50)
  limit: number = 50;
}

export class ReconcileItemsQuery extends ReconcilePageQuery {
  @ApiPropertyOptional({
    enum: RECONCILE_OUTCOMES,
    isArray: true,
    description: 'Comma-separated outcomes to list; by default every outcome but `match`',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
  )
  @IsIn(RECONCILE_OUTCOMES, {
    each: true,
    message: `each must be one of ${RECONCILE_OUTCOMES.join(', ')}`,
  })
  outcome?: ReconcileOutcome[];
}
