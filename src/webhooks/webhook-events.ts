/**
 * What a webhook delivers (SPEC §10): the events, the headers and the body. Shared by the API,
 * the delivery activity and the tests; the delivery id is the contract's webhookDeliveryId.
 */
import { FINAL_RUN_STATUSES, type FinalRunStatus } from '../contract/statuses';

/** One event per way a run ends: `run.` and its final status. */
export type WebhookEvent = `run.${FinalRunStatus}`;
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = FINAL_RUN_STATUSES.map(
  (status) => `run.${status}` as const,
);

/** How one attempt of a delivery ended (`webhook_deliveries.outcome`). */
export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const SIGNATURE_HEADER = 'X-Sedna-Sync-Signature';
export const EVENT_HEADER = 'X-Sedna-Sync-Event';
/** The same on every attempt of one delivery: receivers drop repeats by it. */
export const DELIVERY_HEADER = 'X-Sedna-Sync-Delivery';

/** The body of a delivery, in this key order. */
export interface WebhookPayload {
  event: WebhookEvent;
  sync_id: string;
  status: FinalRunStatus;
  total: number;
  successful: number;
  failed: number;
  cancelled: number;
  finished_at: string;
}
