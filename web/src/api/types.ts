/**
 * The public REST API's shapes (snake_case, as the server sends them): defined once, in the
 * workflow-safe contract the API builds its answers with (src/contract/views*.ts), and imported
 * here (types only), so a field renamed on the server fails this build. Web-only helpers below.
 */
import type { ItemEndStatus } from '../../../src/contract/statuses';
import type { ScheduleSettings } from '../../../src/contract/views-schedules';

export type { HotelCandidate, ItemErrorCode, ItemStage } from '../../../src/contract/item-errors';
export type { ItemDetails } from '../../../src/contract/item-events';
export type {
  DriftField,
  ReconcileOutcome,
  ReconcileStatus,
  ResyncRefusal,
} from '../../../src/contract/reconcile';
export type {
  EmailStatus,
  EmailType,
  ItemType,
  RowStatus,
  RunStatus,
} from '../../../src/contract/statuses';
export type { Page, SednaHealthView, WorkersView } from '../../../src/contract/views';
export type {
  EmailItemSummary,
  MatchingEmailIds,
  ParsedData,
  PendingEmail,
} from '../../../src/contract/views-emails';
export type {
  ReconcileDetail,
  ReconcileItem,
  ReconcileRun,
  ReconcileStarted,
  ResyncLeftOut,
  ResyncResponse,
} from '../../../src/contract/views-reconcile';
export type {
  ScheduleSettingsView,
  ScheduleTriggered,
  TemporalSchedule,
} from '../../../src/contract/views-schedules';
export type {
  HotelMapping,
  SednaConnectionTest,
  SednaHotelList,
  SednaSettings,
  SednaSettingsInput,
} from '../../../src/contract/views-settings';
export type {
  FailedItem,
  ItemErrorData,
  LeftBehindItem,
  Phase2PendingItem,
  ProgressFrame,
  ProgressItem,
  ResultItemRef,
  RetryFailedRequest,
  RetryFailedResponse,
  RetryStarted,
  RunSummary,
  SyncedItem,
  SyncResult,
  SyncRunSummary,
  SyncStarted,
  UnfinishedItem,
} from '../../../src/contract/views-sync';
export type { WebhookDelivery, WebhookSettings } from '../../../src/contract/views-webhooks';

/** How an item of a run ended. */
export type ItemOutcome = ItemEndStatus;

/**
 * The form's PUT /api/schedules body (the contract's ScheduleSettingsInput): numbers the user
 * typed badly are sent as typed, for the API to name the field.
 */
export type ScheduleSettingsInput = Partial<
  Omit<ScheduleSettings, 'paused' | 'interval_minutes' | 'max_items'>
> & { interval_minutes?: number | string; max_items?: number | string };
