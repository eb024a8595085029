/**
 * What a webhook delivers (SPEC §10): the events, the headers and the body. Shared by the API,
 * the delivery activity and the tests; the delivery id is the contract's webhookDeliveryId.
 */

export const WEBHOOK_EVENTS = [
  'run.completed',
  'run.partial',
  'run.failed',
  'run.cancelled',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = 'X-Sedna-Sync-Signature';
export const EVENT_HEADER = 'X-Sedna-Sync-Event';
/** The same on every attempt of one delivery: receivers drop repeats by it. */
export const DELIVERY_HEADER = 'X-Sedna-Sync-Delivery';

/** The body of a delivery, in this key order. */
export interface WebhookPayload {
  event: WebhookEvent;
  sync_id: string;
  status: 'completed' | 'partial' | 'failed' | 'cancelled';
  total: number;
  successful: number;
  failed: number;
  cancelled: number;
  finished_at: string;
}
