/**
 * Workflow ids: one per run, item and delivery, derived from the sync id (a drift check's
 * delivery: from the check's id).
 */
import type { ItemType } from './statuses';

export function bulkSyncWorkflowId(syncId: string): string {
  return `bulk-sync-${syncId}`;
}

export function syncItemWorkflowId(syncId: string, type: ItemType, itemId: number): string {
  return `sync-item-${syncId}-${type}-${itemId}`;
}

/**
 * The webhook delivery workflow's id, one per run; also the delivery id (the
 * X-Sedna-Sync-Delivery header, src/contract/webhook-events.ts), the same on every attempt.
 */
export function webhookDeliveryId(syncId: string): string {
  return `webhook-${syncId}`;
}

/** The same for a drift check's `reconcile.completed` webhook. */
export function reconcileWebhookDeliveryId(reconcileId: string): string {
  return `webhook-reconcile-${reconcileId}`;
}
