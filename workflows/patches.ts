/**
 * Every patch id of the workflow code, in one place (README, "Versioning policy"). A change that
 * alters the commands a workflow issues (an activity, timer or child added, removed, reordered
 * or retyped) runs as `if (patched(PATCHES.someChange)) { new } else { old }` (other retry
 * options or timeouts of the same activity are not other commands: they replay unguarded);
 * once no run older than the namespace retention can still be open, the old branch goes and
 * the call becomes `deprecatePatch(PATCHES.someChange)`; once no run that recorded the marker
 * can be open either, the call and the id go too. Ids are never reused.
 *
 * Add entries as `someChange: 'some-change-2026-12'`.
 */
export const PATCHES = {
  /** A finished run starts its webhook delivery as an abandoned child (webhookDeliveryWorkflow). */
  webhookDelivery: 'webhook-delivery-2026-12',
  /** The run's reference-list warm-up is one activity (fetchReferenceLists), not one per list. */
  warmUpInOneCall: 'warm-up-in-one-call-2026-12',
  /** The webhook child starts only when the tenant's webhook takes the run's event. */
  webhookOnlyWhenSubscribed: 'webhook-only-when-subscribed-2026-12',
  /**
   * An item's event is numbered by its commit (completeItem, `seqAtCommit`), not by the parent
   * when the child's result reaches it; no recordEventSeqs; a child that ended without
   * completeItem gets its number from numberItemEvent.
   */
  seqAtCommit: 'seq-at-commit-2026-12',
  /** A completed drift check starts its `reconcile.completed` webhook delivery (when subscribed). */
  reconcileWebhook: 'reconcile-webhook-2026-12',
} as const satisfies Record<string, string>;
