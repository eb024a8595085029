import type { DataSource, EntityManager } from 'typeorm';

/** Sedna's authority id and request rate of a tenant that names none (SPEC §3). */
export const DEFAULT_AUTHORITY_ID = 207;
export const DEFAULT_RATE_LIMIT = 5;

/** A tenant's Sedna access as it is stored: the password already encrypted. */
export interface StoredSednaSettings {
  api_url: string;
  username: string;
  operator_id: number;
  operator_code: string;
  /** Omitted: the stored value (the default the first time). */
  authority_id?: number;
  /** Omitted: the stored value (the default the first time). */
  rate_limit_per_second?: number;
}

/** A `tenant_settings` row. */
export interface TenantSettingsRow extends Required<StoredSednaSettings> {
  tenant_id: string;
  /** AES-256-GCM ciphertext; never returned or logged. */
  password_encrypted: string;
  updated_at: Date;
  /** One more on every save: processes reload their cached settings. */
  settings_version: number;
  /**
   * The connection's identity: md5 of (api_url, username, operator_id, operator_code), computed
   * by PostgreSQL (migration 1732365000000). What was read from or written to a Sedna is stored
   * with it and used only while the tenant's connection is this one.
   */
  sedna_connection: string;
}

/**
 * The settings aggregate's table, `tenant_settings` (one row per tenant, its Sedna access):
 * every read and write of it, by the settings API and the worker's credentials, in SQL with
 * typed rows; a column name is written here only.
 */
export class SettingsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The tenant's settings, or null when it has none. */
  async find(tenantId: string): Promise<TenantSettingsRow | null> {
    const [row]: TenantSettingsRow[] = await this.db.query(
      `SELECT tenant_id, api_url, username, password_encrypted, operator_id, operator_code,
              authority_id, rate_limit_per_second, updated_at, settings_version, sedna_connection
         FROM tenant_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
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
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.db.query(
      `UPDATE tenant_settings SET api_url = $2, username = $3, operator_id = $4,
         operator_code = $5, authority_id = coalesce($6, authority_id),
         rate_limit_per_second = coalesce($7, rate_limit_per_second),
         settings_version = settings_version + 1, updated_at = now()
       WHERE tenant_id = $1`,
      [
        tenantId,
        settings.api_url,
        settings.username,
        settings.operator_id,
        settings.operator_code,
        settings.authority_id ?? null,
        settings.rate_limit_per_second ?? null,
      ],
    );
    return affected > 0;
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
        settings.api_url,
        settings.username,
        passwordEncrypted,
        settings.operator_id,
        settings.operator_code,
        settings.authority_id ?? null,
        settings.rate_limit_per_second ?? null,
        DEFAULT_AUTHORITY_ID,
        DEFAULT_RATE_LIMIT,
      ],
    );
  }
}
