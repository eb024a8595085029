import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { RECONCILE_OUTCOMES, RESYNC_REFUSALS } from '../contract/reconcile';
import type { ReconcileOutcome, ResyncRefusal } from '../contract/reconcile';
import { ITEM_TYPES, ItemType } from '../contract/statuses';
import type { ResyncLeftOut, ResyncResponse } from '../contract/views-reconcile';

/** The most item ids one re-sync names (a larger default selection is a 413). */
export const MAX_RESYNC_ITEMS = 10_000;

/** Body of `POST /api/reconcile/{id}/resync`. */
export class ResyncDto {
  @ApiPropertyOptional({
    type: [Number],
    maxItems: MAX_RESYNC_ITEMS,
    description:
      'The check’s items to re-sync (their `id` in the check). Omitted: every `missing_in_sedna` ' +
      'and `different` item of the check that can be re-synced (the others are listed in `left_out`).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RESYNC_ITEMS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  item_ids?: number[];

  @ApiPropertyOptional({
    default: false,
    description: 'Only say what the re-sync takes; nothing is changed or started',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean value' })
  dry_run?: boolean;
}

/** An item of the check a re-sync does not take, and why. */
export class ResyncLeftOutDto implements ResyncLeftOut {
  @ApiProperty({ description: 'The item’s id in the check' }) id: number;
  @ApiProperty({ enum: ITEM_TYPES }) type: ItemType;
  @ApiProperty({ nullable: true, type: Number }) item_id: number | null;
  @ApiProperty({ enum: RECONCILE_OUTCOMES }) outcome: ReconcileOutcome;
  @ApiProperty({
    enum: RESYNC_REFUSALS,
    description:
      '`matches_sedna`; `no_row_here` (only_in_sedna); `sedna_keeps_hotel_and_dates` (a stop ' +
      'sale whose hotel or dates differ: Sedna refuses to change them on its header — change ' +
      'or delete it in Sedna, then a new check reports it as it is); `no_reservation_update` ' +
      '(Sedna has no call to change a reservation, and its voucher is taken)',
  })
  reason: ResyncRefusal;
}

export class ResyncResultDto implements ResyncResponse {
  @ApiProperty() dry_run: boolean;
  @ApiProperty({ format: 'uuid' }) reconcile_id: string;
  @ApiProperty({ description: 'Items the re-sync takes (or, in a dry run, would take)' })
  count: number;
  @ApiProperty({ type: [Number], description: 'Their ids in the check' })
  item_ids: number[];
  @ApiProperty({
    description:
      'Stop sales whose header is still in Sedna: their RecId is kept and they go straight to ' +
      'Phase 2, which writes the header and its rooms, boards and operator again',
  })
  phase2_only: number;
  @ApiProperty({
    description:
      'Items Sedna no longer holds: their stored Sedna id is cleared and they sync afresh ' +
      '(a new Phase 1 header, or a new reservation insert)',
  })
  afresh: number;
  @ApiProperty({
    type: [ResyncLeftOutDto],
    description:
      'Of the default selection, the items that cannot be re-synced (empty when ids are named)',
  })
  left_out: ResyncLeftOutDto[];
  @ApiPropertyOptional({ format: 'uuid', description: 'The new sync run (not in a dry run)' })
  sync_id?: string;
  @ApiPropertyOptional({ enum: ['started'] }) status?: 'started';
}
