/**
 * What a webhook delivers (SPEC §10): the events, the headers and the body. Shared by the API,
 * the delivery activity, the dashboard and the tests; the delivery id is the contract's
 * webhookDeliveryId.
 */
import { RECONCILE_COMPLETED_EVENT } from './reconcile';
import { FINAL_RUN_STATUSES, type FinalRunStatus } from './statuses';
import type { ReconcileRun } from './views-reconcile';

/** One event per way a run ends: `run.` and its final status. */
export type RunWebhookEvent = `run.${FinalRunStatus}`;
/** The run events, then a drift check's (`reconcile.completed`: it ended `completed`). */
export type WebhookEvent = RunWebhookEvent | typeof RECONCILE_COMPLETED_EVENT;
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  ...FINAL_RUN_STATUSES.map((status) => `run.${status}` as const),
  RECONCILE_COMPLETED_EVENT,
];

/** How one attempt of a delivery ended (`webhook_deliveries.outcome`). */
export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const SIGNATURE_HEADER = 'X-Sedna-Sync-Signature';
export const EVENT_HEADER = 'X-Sedna-Sync-Event';
/** The same on every attempt of one delivery: receivers drop repeats by it. */
export const DELIVERY_HEADER = 'X-Sedna-Sync-Delivery';

/** The body of a run's delivery, in this key order. */
export interface RunWebhookPayload {
  event: RunWebhookEvent;
  sync_id: string;
  status: FinalRunStatus;
  total: number;
  successful: number;
  failed: number;
  cancelled: number;
  finished_at: string;
}

/**
 * The body of a drift check's delivery: the check as GET /api/reconcile/{id} shows it (without
 * its items), its tenant, and where to read its differences and its report.
 */
export interface ReconcileWebhookPayload extends ReconcileRun {
  event: typeof RECONCILE_COMPLETED_EVENT;
  tenant_id: string;
  /** Paths on this API (with the tenant's token). */
  links: { self: string; report: string };
}

export type WebhookPayload = RunWebhookPayload | ReconcileWebhookPayload;
