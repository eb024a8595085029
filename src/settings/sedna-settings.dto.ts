import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIntBetween, IsOutboundUrl, IsText } from '../common/validators';
import type { SednaSettings, SednaSettingsInput } from '../contract/views-settings';
import { DEFAULT_AUTHORITY_ID, DEFAULT_RATE_LIMIT } from './settings.repository';

const MAX_INT = 2_147_483_647;

export class PutSednaSettingsDto implements SednaSettingsInput {
  @ApiProperty({
    example: 'http://test.kodsedna.com/SednaAgencyb2bApi',
    maxLength: 500,
    description:
      'http or https, a public host (no private, loopback or metadata address), no user info, ' +
      'query or fragment; stored normalised, without a trailing slash',
  })
  @IsOutboundUrl('must be an http or https URL')
  api_url: string;

  @ApiProperty({ example: 'agency-user', maxLength: 200 })
  @IsText(200)
  username: string;

  @ApiPropertyOptional({
    writeOnly: true,
    maxLength: 500,
    description: 'Required the first time; omit later to keep the stored one. Never returned.',
  })
  @IsOptional()
  @IsText(500)
  password?: string;

  @ApiProperty({ example: 571, minimum: 1 })
  @IsIntBetween(1, MAX_INT)
  operator_id: number;

  @ApiProperty({ example: '7STAR', maxLength: 64 })
  @IsText(64)
  operator_code: string;

  @ApiPropertyOptional({
    example: DEFAULT_AUTHORITY_ID,
    minimum: 1,
    description: `Omitted: kept, or ${DEFAULT_AUTHORITY_ID} the first time`,
  })
  @IsOptional()
  @IsIntBetween(1, MAX_INT)
  authority_id?: number;

  @ApiPropertyOptional({
    example: DEFAULT_RATE_LIMIT,
    minimum: 1,
    maximum: 1000,
    description: `Sedna requests per second for this tenant. Omitted: kept, or ${DEFAULT_RATE_LIMIT} the first time`,
  })
  @IsOptional()
  @IsIntBetween(1, 1000)
  rate_limit_per_second?: number;
}

/** What GET and PUT answer: everything but the password. */
export class SednaSettingsDto implements SednaSettings {
  @ApiProperty({ example: 'http://test.kodsedna.com/SednaAgencyb2bApi' })
  api_url: string;

  @ApiProperty({ example: 'agency-user' })
  username: string;

  @ApiProperty({ example: 571 })
  operator_id: number;

  @ApiProperty({ example: '7STAR' })
  operator_code: string;

  @ApiProperty({ example: DEFAULT_AUTHORITY_ID })
  authority_id: number;

  @ApiProperty({ example: DEFAULT_RATE_LIMIT })
  rate_limit_per_second: number;

  @ApiProperty({ example: true, description: 'A password is stored (it is never returned)' })
  password_set: boolean;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;
}

/** The OpenAPI shape of the contract's SednaConnectionTest (either answer's fields). */
export class SednaConnectionTestDto {
  @ApiProperty({ example: true, description: 'Sedna accepted the login and listed the hotels' })
  ok: boolean;

  @ApiPropertyOptional({
    example: 84,
    description: 'When ok: milliseconds the login and the hotel list spent on the wire',
  })
  latency_ms?: number;

  @ApiPropertyOptional({ example: 412, description: 'When ok: how many active hotels Sedna lists' })
  hotels?: number;

  @ApiPropertyOptional({
    example: 'AgencyLogin: Sedna error 1: Invalid username or password',
    description: 'When not ok: what went wrong, in Sedna’s words or ours (never a non-Sedna text)',
  })
  detail?: string;
}
