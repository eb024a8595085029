import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Length, ValidateBy, ValidateIf } from 'class-validator';
import { IsOutboundUrl, IsText } from '../common/validators';
import {
  DELIVERY_OUTCOMES,
  DeliveryOutcome,
  WEBHOOK_EVENTS,
  WebhookEvent,
} from '../contract/webhook-events';
import { PageNumber, PageSize } from '../common/validators';
import type { Page } from '../contract/views';
import type { WebhookDelivery, WebhookSettings } from '../contract/views-webhooks';

export const MIN_SECRET_LENGTH = 16;

/** The most deliveries one page holds. */
export const MAX_DELIVERIES_PAGE_SIZE = 100;

export class PutWebhookSettingsDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://hooks.example.com/sedna-sync',
    maxLength: 500,
    description:
      'http or https, a public host (the outbound rules of the Sedna URL), no user info, query ' +
      'or fragment. null turns webhooks off (as DELETE does).',
  })
  @ValidateIf((o: PutWebhookSettingsDto) => o.url !== null)
  @IsOutboundUrl('must be an http or https URL, or null')
  url: string | null;

  @ApiPropertyOptional({
    writeOnly: true,
    minLength: MIN_SECRET_LENGTH,
    maxLength: 200,
    description:
      'Key of the HMAC-SHA256 signature. Required the first time; omit later to keep the ' +
      'stored one. Never returned.',
  })
  @IsOptional()
  @IsText(200)
  @Length(MIN_SECRET_LENGTH, 200, {
    message: `must be ${MIN_SECRET_LENGTH} to 200 characters`,
  })
  secret?: string;

  @ApiPropertyOptional({
    enum: WEBHOOK_EVENTS,
    isArray: true,
    description: 'Events delivered. Omitted: kept, or all of them the first time.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set(value)] : value,
  )
  @ValidateBy({
    name: 'isEventList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((e) => (WEBHOOK_EVENTS as readonly unknown[]).includes(e)),
      defaultMessage: () => `must be a non-empty list of ${WEBHOOK_EVENTS.join(', ')}`,
    },
  })
  events?: WebhookEvent[];
}

/** What GET and PUT answer: everything but the secret. */
export class WebhookSettingsDto implements WebhookSettings {
  @ApiProperty({ type: String, nullable: true, description: 'null: webhooks are off' })
  url: string | null;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events: WebhookEvent[];

  @ApiProperty({ description: 'A secret is stored (it is never returned)' })
  secret_set: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updated_at: string | null;
}

export class WebhookDeliveriesQuery {
  @PageNumber()
  page: number = 1;

  @PageSize(MAX_DELIVERIES_PAGE_SIZE, 20)
  limit: number = 20;
}

export class WebhookDeliveryDto implements WebhookDelivery {
  @ApiProperty()
  id: number;

  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The run a `run.*` delivery is about; null for `reconcile.completed`',
  })
  sync_id: string | null;

  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The drift check a `reconcile.completed` delivery is about; null for a run’s',
  })
  reconcile_id: string | null;

  @ApiProperty({ description: 'The same on every attempt (X-Sedna-Sync-Delivery)' })
  delivery_id: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS })
  event: WebhookEvent;

  @ApiProperty({ description: '1 for the first attempt' })
  attempt: number;

  @ApiProperty({ enum: DELIVERY_OUTCOMES })
  outcome: DeliveryOutcome;

  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status" })
  status_code: number | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class WebhookDeliveriesPage implements Page<WebhookDelivery> {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items: WebhookDeliveryDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pages: number;

  @ApiProperty({ example: 50, description: 'The page size used (a larger `limit` is clamped)' })
  limit: number;
}
