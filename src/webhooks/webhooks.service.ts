import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { checkOutboundUrl, OutboundPolicy } from '../outbound/outbound-url';
import { SyncRepository } from '../sync/sync.repository';
import { WEBHOOK_EVENTS, WebhookEvent } from '../contract/webhook-events';
import type { Page } from '../contract/views';
import type { WebhookDelivery, WebhookSettings } from '../contract/views-webhooks';
import { PutWebhookSettingsDto } from './webhook-settings.dto';
import { DeliveryAttempt, WebhooksRepository } from './webhooks.repository';
import { fieldProblem } from '../common/problem';
import { WebhooksErrorCode } from './webhooks.errors';

const OFF: WebhookSettings = { url: null, events: [], secret_set: false, updated_at: null };

/** For the delivery activity: where to send and how to sign. */
export interface WebhookTarget {
  url: string;
  secret: string;
  events: WebhookEvent[];
}

@Injectable()
export class WebhooksService {
  private readonly outbound: OutboundPolicy;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly runs: SyncRepository,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.outbound = new OutboundPolicy(config.webhookAllowedHosts);
  }

  async get(tenantId: string): Promise<WebhookSettings> {
    const row = await this.repo.findSettings(tenantId);
    if (!row) return OFF;
    return {
      url: row.url,
      events: WEBHOOK_EVENTS.filter((e) => row.events.includes(e)),
      secret_set: true,
      updated_at: row.updated_at.toISOString(),
    };
  }

  /** `url: null` turns webhooks off; an omitted secret or events list keeps the stored one. */
  async put(tenantId: string, dto: PutWebhookSettingsDto): Promise<WebhookSettings> {
    if (dto.url === null) return this.remove(tenantId);
    // SPEC §9: the outbound rules of every tenant-supplied URL; the address is checked again
    // when a delivery connects.
    const checked = checkOutboundUrl(dto.url, this.outbound);
    if (!checked.ok) throw fieldProblem('url', WebhooksErrorCode.URL_NOT_ALLOWED, checked.reason);
    const secret = dto.secret ? this.secrets.encrypt(dto.secret) : null;
    const saved = await this.repo.saveSettings(
      tenantId,
      checked.url,
      secret,
      dto.events ?? null,
      WEBHOOK_EVENTS,
    );
    if (!saved) {
      throw fieldProblem(
        'secret',
        WebhooksErrorCode.SECRET_REQUIRED,
        'is required the first time a webhook is saved',
      );
    }
    return this.get(tenantId);
  }

  async remove(tenantId: string): Promise<WebhookSettings> {
    await this.repo.deleteSettings(tenantId);
    return OFF;
  }

  async listDeliveries(
    tenantId: string,
    page: number,
    limit: number,
  ): Promise<Page<WebhookDelivery>> {
    const [rows, total] = await this.repo.deliveriesPage(tenantId, page, limit);
    return {
      items: rows.map((r): WebhookDelivery => ({
        id: Number(r.id),
        sync_id: r.sync_id,
        reconcile_id: r.reconcile_id,
        delivery_id: r.delivery_id,
        event: r.event,
        attempt: r.attempt,
        outcome: r.outcome,
        status_code: r.status_code,
        error: r.error,
        at: r.at.toISOString(),
      })),
      total,
      page,
      pages: Math.ceil(total / limit),
      limit,
    };
  }

  /** For the worker: the tenant's target with its secret decrypted, or null when webhooks are off. */
  async getTarget(tenantId: string): Promise<WebhookTarget | null> {
    const row = await this.repo.findSettings(tenantId);
    if (!row) return null;
    return { url: row.url, secret: this.secrets.decrypt(row.secret_encrypted), events: row.events };
  }

  async recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    await this.repo.insertDelivery(attempt);
  }

  /** When the run's row was closed (the run's finish), or null when there is none. */
  async runFinishedAt(tenantId: string, syncId: string): Promise<Date | null> {
    return this.runs.completedAt(tenantId, syncId);
  }
}
