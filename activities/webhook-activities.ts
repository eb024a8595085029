/**
 * Delivery of a webhook (SPEC §10: a finished run's, or a completed drift check's), one HTTP
 * attempt per activity attempt: Temporal's
 * retry policy (workflows/webhook-delivery.workflow.ts) is the backoff. The target and its
 * secret are read from the database on every attempt, never carried in the workflow history.
 */
import { ApplicationFailure, Context, type Info } from '@temporalio/activity';
import { msOptionalToNumber } from '@temporalio/common/lib/time';
import axios, { isAxiosError } from 'axios';
import { OUTBOUND_REFUSED, OutboundAgents } from '../src/outbound/outbound-agent';
import { parseOutboundUrl } from '../src/outbound/outbound-url';
import {
  WEBHOOK_FAILURES,
  type WebhookActivities,
  type WebhookSubscribedInput,
} from '../src/contract/activities';
import { reconcileWebhookDeliveryId, webhookDeliveryId } from '../src/contract/workflow-ids';
import type {
  DeliverWebhookInput,
  DeliverWebhookResult,
  ReconcileWebhookInput,
  RunWebhookInput,
} from '../src/contract/workflows';
import type { ReconcileRepository } from '../src/reconcile/reconcile.repository';
import { runView } from '../src/reconcile/reconcile.service';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  ReconcileWebhookPayload,
  RunWebhookPayload,
  SIGNATURE_HEADER,
  WebhookEvent,
  WebhookPayload,
} from '../src/contract/webhook-events';
import { signWebhookBody, standardWebhookHeaders } from '../src/webhooks/webhook-signature';
import type { DeliveryAttempt } from '../src/webhooks/webhooks.repository';
import type { WebhookTarget } from '../src/webhooks/webhooks.service';

export interface WebhookActivityDeps {
  webhooks: {
    getTarget(tenantId: string): Promise<WebhookTarget | null>;
    recordAttempt(attempt: DeliveryAttempt): Promise<void>;
    runFinishedAt(tenantId: string, syncId: string): Promise<Date | null>;
  };
  /** A drift check's row and counts, for its `reconcile.completed` payload. */
  reconcile: Pick<ReconcileRepository, 'run' | 'counts'>;
  /** Guarded agents (SPEC §9: the resolved address is checked; no redirects). */
  agents: OutboundAgents;
  timeoutMs: number;
}

function hasCode(err: unknown, code: string): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === code) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether a receiver's answer is worth another attempt: 5xx, 408 and 429 are. */
function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Whether no further attempt fits in the schedule-to-close horizon after this one fails: its
 * row then says `failed`, not `retrying`. Without a horizon or policy, another attempt may come.
 */
export function isLastAttempt(
  info: Pick<Info, 'attempt' | 'retryPolicy' | 'scheduledTimestampMs' | 'scheduleToCloseTimeoutMs'>,
  nowMs: number,
): boolean {
  const policy = info.retryPolicy;
  if (!policy || !info.scheduleToCloseTimeoutMs) return false;
  if (policy.maximumAttempts && info.attempt >= policy.maximumAttempts) return true;
  const initial = msOptionalToNumber(policy.initialInterval) ?? 1000;
  const coefficient = policy.backoffCoefficient ?? 2;
  const maximum = msOptionalToNumber(policy.maximumInterval) ?? initial * 100;
  const nextDelay = Math.min(initial * coefficient ** (info.attempt - 1), maximum);
  return nowMs + nextDelay >= info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs;
}

/** The event a delivery (or the question whether to start one) is about. */
function eventOf(input: WebhookSubscribedInput | DeliverWebhookInput): WebhookEvent {
  return 'event' in input ? input.event : `run.${input.status}`;
}

/** What one delivery sends, and what its log rows name. */
interface Delivery {
  deliveryId: string;
  subject: Pick<DeliveryAttempt, 'sync_id' | 'reconcile_id'>;
  payload: WebhookPayload;
}

export function createWebhookActivities(deps: WebhookActivityDeps): WebhookActivities {
  const http = axios.create({
    timeout: deps.timeoutMs,
    validateStatus: () => true,
    // A redirect could lead anywhere: not followed (a 3xx is a failed attempt).
    maxRedirects: 0,
    // An HTTP(S)_PROXY from the environment would connect past the guarded agents.
    proxy: false,
    httpAgent: deps.agents.httpAgent,
    httpsAgent: deps.agents.httpsAgent,
    // The body is sent exactly as signed.
    transformRequest: [(data: unknown) => data],
    transitional: { clarifyTimeoutError: true },
  });

  /** The tenant's target when it takes the event, else null. */
  const subscribedTarget = async (tenantId: string, event: WebhookEvent) => {
    const target = await deps.webhooks.getTarget(tenantId);
    return target && target.events.includes(event) ? target : null;
  };

  /** A run's delivery: its payload, built from the input and the run's finish. */
  const runDelivery = async (input: RunWebhookInput): Promise<Delivery> => {
    const event = `run.${input.status}` as const;
    const finishedAt = await deps.webhooks.runFinishedAt(input.tenantId, input.syncId);
    const payload: RunWebhookPayload = {
      event,
      sync_id: input.syncId,
      status: input.status,
      total: input.counts.total,
      successful: input.counts.successful,
      failed: input.counts.failed,
      cancelled: input.counts.cancelled,
      finished_at: (finishedAt ?? new Date()).toISOString(),
    };
    return {
      deliveryId: webhookDeliveryId(input.syncId),
      subject: { sync_id: input.syncId, reconcile_id: null },
      payload,
    };
  };

  /** A drift check's delivery: the check as the API shows it, read from its row. */
  const reconcileDelivery = async (input: ReconcileWebhookInput): Promise<Delivery> => {
    const row = await deps.reconcile.run(input.reconcileId, input.tenantId);
    if (!row) {
      throw ApplicationFailure.create({
        message: `Drift check ${input.reconcileId} not found`,
        type: WEBHOOK_FAILURES.rejected,
        nonRetryable: true,
      });
    }
    const path = `/api/reconcile/${row.id}`;
    const payload: ReconcileWebhookPayload = {
      event: input.event,
      tenant_id: row.tenant_id,
      ...runView(row, await deps.reconcile.counts(row.id)),
      links: { self: path, report: `${path}/report` },
    };
    return {
      deliveryId: reconcileWebhookDeliveryId(row.id),
      subject: { sync_id: null, reconcile_id: row.id },
      payload,
    };
  };

  return {
    async webhookSubscribed(input: WebhookSubscribedInput): Promise<boolean> {
      return (await subscribedTarget(input.tenantId, eventOf(input))) !== null;
    },

    async deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
      const event = eventOf(input);
      const target = await subscribedTarget(input.tenantId, event);
      if (!target) return { outcome: 'skipped' };

      const { info } = Context.current();
      const { attempt } = info;
      const { deliveryId, subject, payload } =
        'event' in input ? await reconcileDelivery(input) : await runDelivery(input);
      const body = JSON.stringify(payload);
      const record = (row: Pick<DeliveryAttempt, 'outcome' | 'status_code' | 'error'>) =>
        deps.webhooks.recordAttempt({
          tenant_id: input.tenantId,
          ...subject,
          delivery_id: deliveryId,
          event,
          attempt,
          ...row,
        });
      const fail = async (nonRetryable: boolean, statusCode: number | null, error: string) => {
        const final = nonRetryable || isLastAttempt(info, Date.now());
        await record({ outcome: final ? 'failed' : 'retrying', status_code: statusCode, error });
        const type = nonRetryable ? WEBHOOK_FAILURES.rejected : WEBHOOK_FAILURES.unreachable;
        return ApplicationFailure.create({ message: error, type, nonRetryable });
      };

      const parsed = parseOutboundUrl(target.url);
      if (!parsed.ok) throw await fail(true, null, `the webhook URL ${parsed.reason}`);
      let status: number;
      try {
        const res = await http.post(parsed.url.href, body, {
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'sedna-sync-webhooks',
            [SIGNATURE_HEADER]: signWebhookBody(body, target.secret),
            [EVENT_HEADER]: event,
            [DELIVERY_HEADER]: deliveryId,
            ...standardWebhookHeaders(
              deliveryId,
              Math.floor(Date.now() / 1000),
              body,
              target.secret,
            ),
          },
        });
        status = res.status;
      } catch (err) {
        if (hasCode(err, OUTBOUND_REFUSED)) {
          throw await fail(true, null, 'the address is not allowed for outbound requests');
        }
        const code = isAxiosError(err) ? err.code : undefined;
        throw await fail(false, null, `no answer (${code ?? 'request failed'})`);
      }
      if (status >= 200 && status < 300) {
        await record({ outcome: 'delivered', status_code: status, error: null });
        return { outcome: 'delivered', statusCode: status, attempt };
      }
      const nonRetryable = !retryableStatus(status);
      throw await fail(nonRetryable, status, `the receiver answered HTTP ${status}`);
    },
  };
}
