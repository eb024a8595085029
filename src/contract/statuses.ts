/**
 * The words of an item's and a run's state, defined once: the database, the API, the events, the
 * report and the dashboard import them.
 */

/** What an e-mail holds (`emails.email_type`) and where it stands (`emails.status`). */
export const EMAIL_TYPES = ['reservation', 'stopsale', 'unknown'] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];
export const EMAIL_STATUSES = ['pending', 'processed', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const ITEM_TYPES = ['reservation', 'stop_sale'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/**
 * The status words of an item, the same in `sync_items`, in the reservation and stop-sale rows,
 * the result, the events and the report. A reservation or stop-sale row is never `cancelled`:
 * an item cancelled in a run leaves its row as it was.
 */
export const ITEM_STATUSES = ['pending', 'success', 'failed', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type RowStatus = Exclude<ItemStatus, 'cancelled'>;
/** How an item of a run ended (its event, the result's lists). */
export type ItemEndStatus = Exclude<ItemStatus, 'pending'>;
export const ROW_STATUSES: readonly RowStatus[] = ['pending', 'success', 'failed'];

/** How a run ended (`sync_runs.status`, the result, the webhook event). */
export const FINAL_RUN_STATUSES = ['completed', 'partial', 'failed', 'cancelled'] as const;
export type FinalRunStatus = (typeof FINAL_RUN_STATUSES)[number];
export const RUN_STATUSES = ['running', ...FINAL_RUN_STATUSES] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ['manual', 'schedule', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** Sedna's reference lists, cached per tenant (sedna_reference_cache.kind). */
export const REFERENCE_KINDS = ['hotels', 'room_types', 'boards'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];
