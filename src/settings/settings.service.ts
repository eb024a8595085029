import type { SednaCredentials } from '../sedna/sedna-types';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { checkOutboundUrl, OutboundPolicy } from '../outbound/outbound-url';
import { PutSednaSettingsDto, SednaSettingsDto } from './sedna-settings.dto';
import { DEFAULT_AUTHORITY_ID, DEFAULT_RATE_LIMIT, TenantSettings } from './tenant-settings.entity';

function view(row: TenantSettings): SednaSettingsDto {
  return {
    api_url: row.apiUrl,
    username: row.username,
    operator_id: row.operatorId,
    operator_code: row.operatorCode,
    authority_id: row.authorityId,
    rate_limit_per_second: row.rateLimitPerSecond,
    password_set: true,
    updated_at: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class SettingsService {
  private readonly outbound: OutboundPolicy;

  constructor(
    @InjectRepository(TenantSettings) private readonly settings: Repository<TenantSettings>,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.outbound = new OutboundPolicy(config.outboundAllowedHosts);
  }

  async getSedna(tenantId: string): Promise<SednaSettingsDto> {
    const row = await this.settings.findOneBy({ tenantId });
    if (!row) throw new NotFoundException({ detail: 'Sedna settings are not configured' });
    return view(row);
  }

  /** Omitted password, authority and rate limit keep their stored values (defaults the first time). */
  async putSedna(tenantId: string, dto: PutSednaSettingsDto): Promise<SednaSettingsDto> {
    // SPEC §9: no internal address, and a base that cannot be steered; stored normalised.
    const checked = checkOutboundUrl(dto.api_url, this.outbound);
    if (!checked.ok) throw new BadRequestException({ detail: `api_url: ${checked.reason}` });
    const apiUrl = checked.url;
    if (dto.password) {
      await this.upsert(tenantId, { ...dto, api_url: apiUrl }, this.secrets.encrypt(dto.password));
    } else {
      const { affected } = await this.settings.update(
        { tenantId },
        {
          apiUrl,
          username: dto.username,
          operatorId: dto.operator_id,
          operatorCode: dto.operator_code,
          ...(dto.authority_id !== undefined && { authorityId: dto.authority_id }),
          ...(dto.rate_limit_per_second !== undefined && {
            rateLimitPerSecond: dto.rate_limit_per_second,
          }),
        },
      );
      if (!affected) {
        throw new BadRequestException({
          detail: 'password: is required the first time Sedna settings are saved',
        });
      }
    }
    return this.getSedna(tenantId);
  }

  private async upsert(tenantId: string, dto: PutSednaSettingsDto, passwordEncrypted: string) {
    await this.settings.query(
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
         updated_at = now()`,
      [
        tenantId,
        dto.api_url,
        dto.username,
        passwordEncrypted,
        dto.operator_id,
        dto.operator_code,
        dto.authority_id ?? null,
        dto.rate_limit_per_second ?? null,
        DEFAULT_AUTHORITY_ID,
        DEFAULT_RATE_LIMIT,
      ],
    );
  }

  /** For the worker: the tenant's Sedna access, or null when it has none configured. */
  async getSednaCredentials(tenantId: string): Promise<SednaCredentials | null> {
    const row = await this.settings.findOneBy({ tenantId });
    if (!row) return null;
    return {
      apiUrl: row.apiUrl,
      username: row.username,
      password: this.secrets.decrypt(row.passwordEncrypted),
      operatorId: row.operatorId,
      operatorCode: row.operatorCode,
      authorityId: row.authorityId,
      rateLimitPerSecond: row.rateLimitPerSecond,
    };
  }
}
