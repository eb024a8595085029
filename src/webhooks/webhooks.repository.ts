import type { DataSource, EntityManager } from 'typeorm';
import { DeliveryOutcome, WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookEvent } from './webhook-events';
import { WebhookSettings } from './webhook-settings.entity';

/** One attempt of one delivery, as it is recorded. */
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

/**
 * The webhook aggregate's tables, `webhook_settings` (one row per tenant: where to send and the
 * encrypted secret) and `webhook_deliveries` (one row per attempt): every read and write of
 * them, by the webhook API and the worker's delivery activity. Rows are the entities, read and
 * written through TypeORM, and one upsert in SQL; a column name is written here only.
 */
export class WebhooksRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The tenant's settings, or null when webhooks are off. */
  findSettings(tenantId: string): Promise<WebhookSettings | null> {
    return this.db.getRepository(WebhookSettings).findOneBy({ tenantId });
  }

  /**
   * Saves the tenant's settings; a null secret or events list keeps the stored one (all events
   * the first time). False when there is no stored secret to keep (nothing is written).
   */
  async saveSettings(
    tenantId: string,
    url: string,
    secretEncrypted: string | null,
    events: WebhookEvent[] | null,
    allEvents: readonly WebhookEvent[],
  ): Promise<boolean> {
    const rows = (await this.db.query(
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
      [tenantId, url, secretEncrypted, events, [...allEvents]],
    )) as { tenant_id: string }[];
    return rows.length > 0;
  }

  async deleteSettings(tenantId: string): Promise<void> {
    await this.db.getRepository(WebhookSettings).delete({ tenantId });
  }

  /** One page of the tenant's delivery attempts, newest first, and how many there are. */
  deliveriesPage(
    tenantId: string,
    page: number,
    limit: number,
  ): Promise<[WebhookDelivery[], number]> {
    return this.db.getRepository(WebhookDelivery).findAndCount({
      where: { tenantId },
      order: { at: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
  }

  async insertDelivery(attempt: DeliveryAttempt): Promise<void> {
    await this.db.getRepository(WebhookDelivery).insert(attempt);
  }
}
