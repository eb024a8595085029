import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { checkOutboundUrl, OutboundPolicy } from '../outbound/outbound-url';
import { SyncRepository } from '../sync/sync.repository';
import { DeliveryOutcome, WebhookDelivery } from './webhook-delivery.entity';
import { WEBHOOK_EVENTS, WebhookEvent } from './webhook-events';
import {
  PutWebhookSettingsDto,
  WebhookDeliveriesPage,
  WebhookDeliveryDto,
  WebhookSettingsDto,
} from './webhook-settings.dto';
import { WebhookSettings } from './webhook-settings.entity';

const OFF: WebhookSettingsDto = { url: null, events: [], secret_set: false, updated_at: null };

/** For the delivery activity: where to send and how to sign. */
export interface WebhookTarget {
  url: string;
  secret: string;
  events: WebhookEvent[];
}

export interface DeliveryAttempt {
  tenantId: string;
  syncId: string;
  deliveryId: string;
  event: string;
  attempt: number;
  outcome: DeliveryOutcome;
  statusCode: number | null;
  error: string | null;
}

@Injectable()
export class WebhooksService {
  private readonly outbound: OutboundPolicy;

  constructor(
    @InjectRepository(WebhookSettings) private readonly settings: Repository<WebhookSettings>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.outbound = new OutboundPolicy(config.outboundAllowedHosts);
  }

  async get(tenantId: string): Promise<WebhookSettingsDto> {
    const row = await this.settings.findOneBy({ tenantId });
    if (!row) return OFF;
    return {
      url: row.url,
      events: WEBHOOK_EVENTS.filter((e) => row.events.includes(e)),
      secret_set: true,
      updated_at: row.updatedAt.toISOString(),
    };
  }

  /** `url: null` turns webhooks off; an omitted secret or events list keeps the stored one. */
  async put(tenantId: string, dto: PutWebhookSettingsDto): Promise<WebhookSettingsDto> {
    if (dto.url === null) return this.remove(tenantId);
    // SPEC §9: the outbound rules of every tenant-supplied URL; the address is checked again
    // when a delivery connects.
    const checked = checkOutboundUrl(dto.url, this.outbound);
    if (!checked.ok) throw new BadRequestException({ detail: `url: ${checked.reason}` });
    const secret = dto.secret ? this.secrets.encrypt(dto.secret) : null;
    const [row] = (await this.settings.query(
      `INSERT INTO webhook_settings AS w (tenant_id, url, secret_encrypted, events)
       SELECT $1::varchar, $2::text, coalesce($3::text, ''), coalesce($4::text[], $5::text[])
        WHERE $3::text IS NOT NULL
           OR EXISTS (SELECT 1 FROM webhook_settings WHERE tenant_id = $1::varchar)
       ON CONFLICT (tenant_id) DO UPDATE SET
         url = excluded.url,
         secret_encrypted = coalesce($3::text, w.secret_encrypted),
         events = coalesce($4::text[], w.events),
         updated_at = now()
       RETURNING tenant_id`,
      [tenantId, checked.url, secret, dto.events ?? null, [...WEBHOOK_EVENTS]],
    )) as { tenant_id: string }[];
    if (!row) {
      throw new BadRequestException({
        detail: 'secret: is required the first time a webhook is saved',
      });
    }
    return this.get(tenantId);
  }

  async remove(tenantId: string): Promise<WebhookSettingsDto> {
    await this.settings.delete({ tenantId });
    return OFF;
  }

  async listDeliveries(
    tenantId: string,
    page: number,
    limit: number,
  ): Promise<WebhookDeliveriesPage> {
    const [rows, total] = await this.deliveries.findAndCount({
      where: { tenantId },
      order: { at: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return {
      items: rows.map((r): WebhookDeliveryDto => ({
        id: Number(r.id),
        sync_id: r.syncId,
        delivery_id: r.deliveryId,
        event: r.event,
        attempt: r.attempt,
        outcome: r.outcome,
        status_code: r.statusCode,
        error: r.error,
        at: r.at.toISOString(),
      })),
      total,
      page,
      pages: Math.ceil(total / limit),
    };
  }

  /** For the worker: the tenant's target with its secret decrypted, or null when webhooks are off. */
  async getTarget(tenantId: string): Promise<WebhookTarget | null> {
    const row = await this.settings.findOneBy({ tenantId });
    if (!row) return null;
    return { url: row.url, secret: this.secrets.decrypt(row.secretEncrypted), events: row.events };
  }

  async recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    await this.deliveries.insert(attempt);
  }

  /** When the run's row was closed (the run's finish), or null when there is none. */
  async runFinishedAt(tenantId: string, syncId: string): Promise<Date | null> {
    return new SyncRepository(this.settings.manager).completedAt(tenantId, syncId);
  }
}
