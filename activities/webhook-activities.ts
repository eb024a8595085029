/**
 * Delivery of a run's webhook (SPEC §10), one HTTP attempt per activity attempt: Temporal's
 * retry policy (workflows/webhook-delivery.workflow.ts) is the backoff. The target and its
 * secret are read from the database on every attempt, never carried in the workflow history.
 */
import { ApplicationFailure, Context, type Info } from '@temporalio/activity';
import { msOptionalToNumber } from '@temporalio/common/lib/time';
import axios, { isAxiosError } from 'axios';
import { OUTBOUND_REFUSED, OutboundAgents } from '../src/outbound/outbound-agent';
import { parseOutboundUrl } from '../src/outbound/outbound-url';
import { WEBHOOK_FAILURES, type WebhookActivities } from '../src/contract/activities';
import type { FinalRunStatus } from '../src/contract/statuses';
import { webhookDeliveryId } from '../src/contract/workflow-ids';
import type { DeliverWebhookInput, DeliverWebhookResult } from '../src/contract/workflows';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  WebhookEvent,
  WebhookPayload,
} from '../src/webhooks/webhook-events';
import { signWebhookBody, standardWebhookHeaders } from '../src/webhooks/webhook-signature';
import type { DeliveryAttempt } from '../src/webhooks/webhooks.repository';
import type { WebhookTarget } from '../src/webhooks/webhooks.service';

export interface WebhookActivityDeps {
  webhooks: {
    getTarget(tenantId: string): Promise<WebhookTarget | null>;
    recordAttempt(attempt: DeliveryAttempt): Promise<void>;
    runFinishedAt(tenantId: string, syncId: string): Promise<Date | null>;
  };
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

  /** The tenant's target when it takes this run's event, else null. */
  const subscribedTarget = async (tenantId: string, status: FinalRunStatus) => {
    const target = await deps.webhooks.getTarget(tenantId);
    const event: WebhookEvent = `run.${status}`;
    return target && target.events.includes(event) ? target : null;
  };

  return {
    async webhookSubscribed({ tenantId, status }): Promise<boolean> {
      return (await subscribedTarget(tenantId, status)) !== null;
    },

    async deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
      const target = await subscribedTarget(input.tenantId, input.status);
      if (!target) return { outcome: 'skipped' };
      const event: WebhookEvent = `run.${input.status}`;

      const { info } = Context.current();
      const { attempt } = info;
      const deliveryId = webhookDeliveryId(input.syncId);
      const finishedAt = await deps.webhooks.runFinishedAt(input.tenantId, input.syncId);
      const payload: WebhookPayload = {
        event,
        sync_id: input.syncId,
        status: input.status,
        total: input.counts.total,
        successful: input.counts.successful,
        failed: input.counts.failed,
        cancelled: input.counts.cancelled,
        finished_at: (finishedAt ?? new Date()).toISOString(),
      };
      const body = JSON.stringify(payload);
      const record = (row: Pick<DeliveryAttempt, 'outcome' | 'status_code' | 'error'>) =>
        deps.webhooks.recordAttempt({
          tenant_id: input.tenantId,
          sync_id: input.syncId,
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
