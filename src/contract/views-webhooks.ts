/** The webhook settings' answers (GET/PUT /api/settings/webhooks, its deliveries). */
import type { DeliveryOutcome, WebhookEvent } from './webhook-events';

/** GET and PUT /api/settings/webhooks: everything but the secret. */
export interface WebhookSettings {
  /** null: webhooks are off. */
  url: string | null;
  events: WebhookEvent[];
  /** A secret is stored (it is never returned). */
  secret_set: boolean;
  updated_at: string | null;
}

/** One attempt of a delivery (GET /api/settings/webhooks/deliveries), newest first. */
export interface WebhookDelivery {
  id: number;
  /** The run a `run.*` delivery is about; null for a drift check's (`reconcile_id`). */
  sync_id: string | null;
  reconcile_id: string | null;
  /** The same on every attempt (X-Sedna-Sync-Delivery). */
  delivery_id: string;
  event: WebhookEvent;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: DeliveryOutcome;
  /** The receiver's HTTP status. */
  status_code: number | null;
  error: string | null;
  at: string;
}
