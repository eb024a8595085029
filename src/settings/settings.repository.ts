import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_AUTHORITY_ID, DEFAULT_RATE_LIMIT, TenantSettings } from './tenant-settings.entity';

/** A tenant's Sedna access as it is stored: the password already encrypted. */
export interface StoredSednaSettings {
  apiUrl: string;
  username: string;
  operatorId: number;
  operatorCode: string;
  /** Omitted: the stored value (the default the first time). */
  authorityId?: number;
  /** Omitted: the stored value (the default the first time). */
  rateLimitPerSecond?: number;
}

/**
 * The settings aggregate's table, `tenant_settings` (one row per tenant, its Sedna access):
 * every read and write of it, by the settings API and the worker's credentials. The row is the
 * entity, read and written through TypeORM, and one upsert in SQL; a column name is written here
 * only.
 */
export class SettingsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The tenant's settings, or null when it has none. */
  find(tenantId: string): Promise<TenantSettings | null> {
    return this.db.getRepository(TenantSettings).findOneBy({ tenantId });
  }

  /**
   * The row's version and connection, for a process that holds the settings in memory: one
   * indexed read per Sedna call tells it whether they changed. Null when the tenant has none.
   */
  async version(tenantId: string): Promise<{ version: number; connection: string } | null> {
    const [row]: { settings_version: number; sedna_connection: string }[] = await this.db.query(
      'SELECT settings_version, sedna_connection FROM tenant_settings WHERE tenant_id = $1',
      [tenantId],
    );
    return row ? { version: row.settings_version, connection: row.sedna_connection } : null;
  }

  /**
   * Changes the stored settings, keeping the password; false when the tenant has none yet
   * (nothing is written).
   */
  async update(tenantId: string, settings: StoredSednaSettings): Promise<boolean> {
    const { affected } = await this.db.getRepository(TenantSettings).update(
      { tenantId },
      {
        apiUrl: settings.apiUrl,
        username: settings.username,
        operatorId: settings.operatorId,
        operatorCode: settings.operatorCode,
        ...(settings.authorityId !== undefined && { authorityId: settings.authorityId }),
        ...(settings.rateLimitPerSecond !== undefined && {
          rateLimitPerSecond: settings.rateLimitPerSecond,
        }),
        settingsVersion: () => 'settings_version + 1',
      },
    );
    return Boolean(affected);
  }

  /** Inserts or replaces the settings with a new password. */
  async upsert(
    tenantId: string,
    settings: StoredSednaSettings,
    passwordEncrypted: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO tenant_settings AS s (tenant_id, api_url, username, password_encrypted,
         operator_id, operator_code, authority_id, rate_limit_per_second)
       VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, $9::int), coalesce($8, $10::int))
       ON CONFLICT (tenant_id) DO UPDATE SET
         api_url = excluded.api_url,
         username = excluded.username,
         password_encrypted = excluded.password_encrypted,
         operator_id = excluded.operator_id,
         operator_code = excluded.operator_code,
         authority_id = coalesce($7, s.authority_id),
         rate_limit_per_second = coalesce($8, s.rate_limit_per_second),
         settings_version = s.settings_version + 1,
         updated_at = now()`,
      [
        tenantId,
        settings.apiUrl,
        settings.username,
        passwordEncrypted,
        settings.operatorId,
        settings.operatorCode,
        settings.authorityId ?? null,
        settings.rateLimitPerSecond ?? null,
        DEFAULT_AUTHORITY_ID,
        DEFAULT_RATE_LIMIT,
      ],
    );
  }
}
