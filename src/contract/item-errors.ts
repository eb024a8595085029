/**
 * Why an item did not sync, as data: codes, stages and details.
 */
import type { SednaId } from './sedna-id';

/**
 * Why an item did not sync, as data: the codes of sync_items.error_code, the result, the SSE
 * events, the report and the dashboard. Failure types that Sedna activities throw
 * (ApplicationFailure `type`) are these same strings.
 */
export const ITEM_ERROR_CODES = {
  /** `details.candidates`: the closest Sedna hotels, `details.hotel_name`: the name sought. */
  hotelNotFound: 'HOTEL_NOT_FOUND',
  /**
   * The hotel mapping of the item's hotel names a hotel the tenant's current Sedna does not list
   * (or lists under another name: another Sedna's id); never used. `details.hotel_name`,
   * `details.sedna_hotel_id` and `details.sedna_hotel_name` (the mapping's), `details.candidates`.
   */
  hotelMappingStale: 'HOTEL_MAPPING_STALE',
  /** `details.codes`: the room codes Sedna does not know. */
  roomTypeUnknown: 'ROOM_TYPE_UNKNOWN',
  /** `details.codes`: the board codes Sedna does not know. */
  boardUnknown: 'BOARD_UNKNOWN',
  /** The reservation or stop-sale row is gone. */
  itemNotFound: 'ITEM_NOT_FOUND',
  /** Sedna refused the request (ErrorType != 0 or a 4xx). */
  sednaRejected: 'SEDNA_REJECTED',
  /** Connection refused, timeout, reset or 5xx until retries ran out. */
  sednaUnreachable: 'SEDNA_UNREACHABLE',
  /** HTTP 429 until retries ran out. */
  sednaRateLimited: 'SEDNA_RATE_LIMITED',
  /** Sedna kept refusing the session (HTTP 401) until retries ran out. */
  sednaSessionExpired: 'SEDNA_SESSION_EXPIRED',
  /** The tenant has no Sedna settings. */
  sednaNotConfigured: 'SEDNA_NOT_CONFIGURED',
  /**
   * The tenant's Sedna connection (URL, user, operator) is not the one this call belongs to: the
   * run was started on another one, or the stop sale's Phase 1 RecId (the item's `sedna_id`) was
   * issued by another Sedna. Nothing is sent; a retry (a new run) goes to the connection of then.
   */
  sednaConnectionChanged: 'SEDNA_CONNECTION_CHANGED',
  cancelled: 'CANCELLED',
  /** A bug or a broken invariant (e.g. Phase 2 without a stored RecId). */
  internal: 'INTERNAL_ERROR',
} as const;
export type ItemErrorCode = (typeof ITEM_ERROR_CODES)[keyof typeof ITEM_ERROR_CODES];

const ITEM_ERROR_CODE_SET: ReadonlySet<string> = new Set(Object.values(ITEM_ERROR_CODES));

export function isItemErrorCode(value: string | undefined | null): value is ItemErrorCode {
  return !!value && ITEM_ERROR_CODE_SET.has(value);
}

/**
 * Failure types that workers older than the codes threw; open runs' histories (and so replays)
 * still hold them. Only read, through knownItemErrorCode; nothing throws them any more.
 */
const LEGACY_FAILURE_TYPES: Readonly<Record<string, ItemErrorCode>> = {
  SednaRejected: ITEM_ERROR_CODES.sednaRejected,
  SednaNotConfigured: ITEM_ERROR_CODES.sednaNotConfigured,
  SednaSessionExpired: ITEM_ERROR_CODES.sednaSessionExpired,
  SednaRateLimited: ITEM_ERROR_CODES.sednaRateLimited,
  SednaUnavailable: ITEM_ERROR_CODES.sednaUnreachable,
  SednaUncertain: ITEM_ERROR_CODES.sednaUnreachable,
  MissingRecId: ITEM_ERROR_CODES.internal,
};

/**
 * The code an activity failure's type names: the type is the code (ApplicationFailure `type`),
 * or a legacy type of older workers; undefined for any other type.
 */
export function knownItemErrorCode(type: string | undefined | null): ItemErrorCode | undefined {
  if (isItemErrorCode(type)) return type;
  return type && Object.hasOwn(LEGACY_FAILURE_TYPES, type) ? LEGACY_FAILURE_TYPES[type] : undefined;
}

/** The item error code of an activity failure's type; an unknown type is INTERNAL_ERROR. */
export function itemErrorCodeOf(type: string | undefined | null): ItemErrorCode {
  return knownItemErrorCode(type) ?? ITEM_ERROR_CODES.internal;
}

/**
 * Codes that no retry of the same call can change: the activities' retry policies take this list
 * as their `nonRetryableErrorTypes` (a `string[]` in the SDK, hence not readonly; nothing
 * changes it).
 */
export const NON_RETRYABLE_CODES: ItemErrorCode[] = [
  ITEM_ERROR_CODES.hotelNotFound,
  ITEM_ERROR_CODES.hotelMappingStale,
  ITEM_ERROR_CODES.roomTypeUnknown,
  ITEM_ERROR_CODES.boardUnknown,
  ITEM_ERROR_CODES.itemNotFound,
  ITEM_ERROR_CODES.sednaRejected,
  ITEM_ERROR_CODES.sednaNotConfigured,
  ITEM_ERROR_CODES.sednaConnectionChanged,
  ITEM_ERROR_CODES.internal,
];

/** Where an item stopped: loading and resolving, the two stop-sale phases, the insert. */
export const ITEM_STAGES = ['prepare', 'phase1', 'phase2', 'insert'] as const;
export type ItemStage = (typeof ITEM_STAGES)[number];

export interface HotelCandidate {
  sedna_hotel_id: number;
  name: string;
}

/** Data that comes with a code (ApplicationFailure `details[0]`, sync_items.error_details). */
export interface ItemErrorDetails {
  hotel_name?: string;
  candidates?: HotelCandidate[];
  codes?: string[];
  /** HOTEL_MAPPING_STALE: the mapping's hotel id and the name it was mapped to. */
  sedna_hotel_id?: number;
  sedna_hotel_name?: string | null;
}

/** What a failed or cancelled item carries beside its message. Optional: old runs lack it. */
export interface ItemFailureData {
  code?: ItemErrorCode;
  stage?: ItemStage;
  details?: ItemErrorDetails;
  /** A stop sale whose Phase 1 header exists in Sedna: its id (the API's `sedna_id`). */
  sednaId?: SednaId;
}

/**
 * Failed items that fail the same way until someone changes something (the code in Sedna, or
 * the e-mail's data): an unknown room or board code. A retry leaves them out unless asked; the
 * result items and the progress events say `needs_change`. An unknown hotel is not among them:
 * a hotel mapping, made in place, fixes it.
 */
export const NEEDS_CHANGE_CODES: readonly ItemErrorCode[] = [
  ITEM_ERROR_CODES.roomTypeUnknown,
  ITEM_ERROR_CODES.boardUnknown,
];
