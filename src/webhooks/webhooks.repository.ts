import type { DataSource, EntityManager } from 'typeorm';
import type { WebhookEvent } from '../contract/webhook-events';
import type { WebhookDelivery } from '../contract/views-webhooks';

/** A `webhook_settings` row: a tenant's webhook target; no row: webhooks are off. */
export interface WebhookSettingsRow {
  tenant_id: string;
  url: string;
  /** AES-256-GCM ciphertext (SecretBox); never returned or logged. */
  secret_encrypted: string;
  events: WebhookEvent[];
  updated_at: Date;
}

/** A `webhook_deliveries` row: one attempt of one delivery. */
export interface WebhookDeliveryRow extends Omit<WebhookDelivery, 'id' | 'at'> {
  /** bigserial, as text. */
  id: string;
  tenant_id: string;
  at: Date;
}

/** One attempt of one delivery, as it is recorded. */
export type DeliveryAttempt = Omit<WebhookDeliveryRow, 'id' | 'at'>;

/**
 * The webhook aggregate's tables, `webhook_settings` (one row per tenant: where to send and the
 * encrypted secret) and `webhook_deliveries` (one row per attempt): every read and write of
 * them, by the webhook API and the worker's delivery activity, in SQL with typed rows; a column
 * name is written here only.
 */
export class WebhooksRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The tenant's settings, or null when webhooks are off. */
  async findSettings(tenantId: string): Promise<WebhookSettingsRow | null> {
    const [row]: WebhookSettingsRow[] = await this.db.query(
      `SELECT tenant_id, url, secret_encrypted, events, updated_at
         FROM webhook_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
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
    await this.db.query('DELETE FROM webhook_settings WHERE tenant_id = $1', [tenantId]);
  }

  /** One page of the tenant's delivery attempts, newest first, and how many there are. */
  async deliveriesPage(
    tenantId: string,
    page: number,
    limit: number,
  ): Promise<[WebhookDeliveryRow[], number]> {
    const [rows, [{ total }]] = (await Promise.all([
      this.db.query(
        `SELECT id, tenant_id, sync_id, reconcile_id, delivery_id, event, attempt, outcome,
                status_code, error, at
           FROM webhook_deliveries WHERE tenant_id = $1
          ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
        [tenantId, limit, (page - 1) * limit],
      ),
      this.db.query('SELECT count(*)::int AS total FROM webhook_deliveries WHERE tenant_id = $1', [
        tenantId,
      ]),
    ])) as [WebhookDeliveryRow[], { total: number }[]];
    return [rows, total];
  }

  async insertDelivery(attempt: DeliveryAttempt): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_deliveries
         (tenant_id, sync_id, reconcile_id, delivery_id, event, attempt, outcome, status_code, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        attempt.tenant_id,
        attempt.sync_id,
        attempt.reconcile_id,
        attempt.delivery_id,
        attempt.event,
        attempt.attempt,
        attempt.outcome,
        attempt.status_code,
        attempt.error,
      ],
    );
  }
}
