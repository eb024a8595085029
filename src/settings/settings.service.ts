import type { TenantSednaCredentials } from '../sedna/sedna-types';
import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { checkOutboundUrl, OutboundPolicy } from '../outbound/outbound-url';
import { ReferenceCacheService } from '../sedna/reference-cache.service';
import { SEDNA_API_ROOT } from '../sedna/sedna-client';
import type { SednaSettings } from '../contract/views-settings';
import { PutSednaSettingsDto } from './sedna-settings.dto';
import {
  SettingsRepository,
  type StoredSednaSettings,
  type TenantSettingsRow,
} from './settings.repository';
import { ProblemException, fieldProblem } from '../common/problem';
import { SettingsErrorCode } from './settings.errors';

function view(row: TenantSettingsRow): SednaSettings {
  return {
    api_url: row.api_url,
    username: row.username,
    operator_id: row.operator_id,
    operator_code: row.operator_code,
    authority_id: row.authority_id,
    rate_limit_per_second: row.rate_limit_per_second,
    password_set: true,
    updated_at: row.updated_at.toISOString(),
  };
}

@Injectable()
export class SettingsService {
  private readonly outbound: OutboundPolicy;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly secrets: SecretBox,
    private readonly referenceCache: ReferenceCacheService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.outbound = new OutboundPolicy(config.outboundAllowedHosts);
  }

  async getSedna(tenantId: string): Promise<SednaSettings> {
    const row = await this.settings.find(tenantId);
    if (!row)
      throw new ProblemException(
        404,
        SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
        'Sedna settings are not configured',
      );
    return view(row);
  }

  /** Omitted password, authority and rate limit keep their stored values (defaults the first time). */
  async putSedna(tenantId: string, dto: PutSednaSettingsDto): Promise<SednaSettings> {
    // SPEC §9: no internal address, and a base that cannot be steered; stored normalised.
    const checked = checkOutboundUrl(dto.api_url, this.outbound, SEDNA_API_ROOT);
    if (!checked.ok)
      throw fieldProblem('api_url', SettingsErrorCode.URL_NOT_ALLOWED, checked.reason);
    const stored: StoredSednaSettings = {
      api_url: checked.url,
      username: dto.username,
      operator_id: dto.operator_id,
      operator_code: dto.operator_code,
      authority_id: dto.authority_id,
      rate_limit_per_second: dto.rate_limit_per_second,
    };
    const before = await this.settings.version(tenantId);
    if (dto.password) {
      await this.settings.upsert(tenantId, stored, this.secrets.encrypt(dto.password));
    } else if (!(await this.settings.update(tenantId, stored))) {
      throw fieldProblem(
        'password',
        SettingsErrorCode.PASSWORD_REQUIRED,
        'is required the first time Sedna settings are saved',
      );
    }
    // Another Sedna: its reference lists are not the old one's. (Every process also reloads the
    // settings on its next Sedna call, seeing settings_version moved; cache entries carry their
    // connection and are never read for another, so this is a clean-up, not the guard.)
    const after = await this.settings.version(tenantId);
    if (before && after && before.connection !== after.connection) {
      await this.referenceCache.invalidate(tenantId);
    }
    return this.getSedna(tenantId);
  }

  /** For the worker: the tenant's Sedna access, or null when it has none configured. */
  async getSednaCredentials(tenantId: string): Promise<TenantSednaCredentials | null> {
    const row = await this.settings.find(tenantId);
    if (!row) return null;
    return {
      apiUrl: row.api_url,
      username: row.username,
      password: this.secrets.decrypt(row.password_encrypted),
      operatorId: row.operator_id,
      operatorCode: row.operator_code,
      authorityId: row.authority_id,
      rateLimitPerSecond: row.rate_limit_per_second,
      connection: row.sedna_connection,
      settingsVersion: row.settings_version,
    };
  }

  /** The connection identity the tenant has now (tenant_settings.sedna_connection), or null. */
  async sednaConnection(tenantId: string): Promise<string | null> {
    return (await this.settings.version(tenantId))?.connection ?? null;
  }

  /**
   * A reader of the tenant's current credentials for a long-lived process (the worker): kept in
   * memory, and reloaded whenever the row's `settings_version` moved, which is checked on every
   * call (one indexed read). No timer: a call made after a PUT answered uses the new settings.
   */
  currentCredentials(): (tenantId: string) => Promise<TenantSednaCredentials | null> {
    const cache = new Map<string, TenantSednaCredentials>();
    return async (tenantId) => {
      const now = await this.settings.version(tenantId);
      if (!now) {
        cache.delete(tenantId);
        return null;
      }
      const hit = cache.get(tenantId);
      if (hit && hit.settingsVersion === now.version) return hit;
      const creds = await this.getSednaCredentials(tenantId);
      if (creds) cache.set(tenantId, creds);
      else cache.delete(tenantId);
      return creds;
    };
  }
}
