/**
 * An item as the API shows it: its progress event and the helpers that build it (the workflow and
 * the API both use them).
 */
import {
  type ItemErrorCode,
  type ItemErrorDetails,
  type ItemFailureData,
  type ItemStage,
  NEEDS_CHANGE_CODES,
} from './item-errors';
import type { SednaId } from './sedna-id';
import type { ItemStatus, ItemType } from './statuses';
import type { ItemOutcome } from './sync-item';

export function needsChange(item: { status: string; error_code?: string | null }): boolean {
  return (
    item.status === 'failed' &&
    !!item.error_code &&
    (NEEDS_CHANGE_CODES as readonly string[]).includes(item.error_code)
  );
}

/**
 * A stop sale that did not finish while its Phase 1 header exists in Sedna: a header without
 * rooms, which Sedna may read as "all rooms closed". Never silent (SPEC §9).
 */
export function inSednaWithoutRooms(item: {
  type: string;
  status: string;
  sedna_id?: number | null;
}): boolean {
  return item.type === 'stop_sale' && item.status !== 'success' && !!item.sedna_id;
}

/**
 * What an item is about, in the API's result items and progress events (the API adds them; the
 * workflow never carries them). The fields of the other item type are absent.
 */
export interface ItemDetails {
  /** The hotel as the e-mail names it. */
  hotel_name?: string;
  /** Reservation. */
  voucher_no?: string;
  check_in?: string;
  check_out?: string;
  /** Stop sale. */
  date_from?: string;
  date_to?: string;
  /** A reservation's room code; a stop sale's codes, null for all rooms. */
  room_codes?: string[] | null;
}

/** An item's progress event; a failed or cancelled item's carries the data of its code. */
export interface ItemEvent extends ItemErrorDetails {
  seq: number;
  email_id: number;
  type: ItemType;
  item_id: number;
  status: ItemOutcome['status'];
  /** The record's Sedna id; of a failed stop sale, its header's when it exists. */
  sedna_id?: SednaId;
  error?: string;
  code?: ItemErrorCode;
  stage?: ItemStage;
  /** See inSednaWithoutRooms. */
  in_sedna_without_rooms?: boolean;
  /** Of a failed item: see needsChange. */
  needs_change?: boolean;
}

/** A failed or cancelled item's data as the API shows it (result, SSE events). */
export function itemErrorView(
  failure: Omit<ItemFailureData, 'sednaId'> & { error?: string | null },
) {
  return {
    ...(failure.error != null ? { error: failure.error } : {}),
    ...(failure.code ? { code: failure.code } : {}),
    ...(failure.stage ? { stage: failure.stage } : {}),
    ...(failure.details ?? {}),
  };
}

/** What an item's event is built from: a child's outcome (ItemOutcome), or the stored item. */
export interface ItemEventSource extends Omit<ItemFailureData, 'sednaId'> {
  status: ItemStatus;
  error?: string | null;
  sednaId?: SednaId | null;
}

/**
 * An item's progress event: built by the BulkSync workflow from a child's outcome, and by the
 * API from the stored item once the workflow is gone. Outcomes of children begun on older code
 * may lack code, stage and the RecId.
 */
export function itemEvent(
  seq: number,
  item: { email_id: number; type: ItemType; item_id: number },
  outcome: ItemEventSource,
): ItemEvent {
  const sednaId = outcome.sednaId ?? undefined;
  const base = {
    seq,
    email_id: item.email_id,
    type: item.type,
    item_id: item.item_id,
    status: outcome.status as ItemEvent['status'],
    ...(sednaId !== undefined ? { sedna_id: sednaId } : {}),
  };
  if (outcome.status === 'success') return base;
  return {
    ...base,
    ...itemErrorView(outcome),
    in_sedna_without_rooms: inSednaWithoutRooms(base),
    ...(outcome.status === 'failed'
      ? { needs_change: needsChange({ status: outcome.status, error_code: outcome.code }) }
      : {}),
  };
}
