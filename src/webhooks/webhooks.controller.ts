import { Body, Controller, Delete, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth.decorators';
import { ApiError, ApiTenantRoutes, BODY_CODES } from '../common/api-docs';
import { CommonErrorCode } from '../common/problem';
import type { Page } from '../contract/views';
import type { WebhookDelivery, WebhookSettings } from '../contract/views-webhooks';
import {
  PutWebhookSettingsDto,
  WebhookDeliveriesPage,
  WebhookDeliveriesQuery,
  WebhookSettingsDto,
} from './webhook-settings.dto';
import { WebhooksService } from './webhooks.service';
import { WebhooksErrorCode } from './webhooks.errors';

@ApiTags('settings')
@ApiTenantRoutes()
@Controller('api/settings/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's webhook (never the secret); url null when off" })
  @ApiOkResponse({ type: WebhookSettingsDto })
  get(@Auth() auth: AuthContext): Promise<WebhookSettings> {
    return this.webhooks.get(auth.tenantId);
  }

  @Put()
  @ApiOperation({
    summary: "Save the tenant's webhook, or turn it off with url: null",
    description: 'The secret is stored encrypted; omit it to keep the stored one.',
  })
  @ApiOkResponse({ type: WebhookSettingsDto })
  @ApiError(400, '`errors` names the bad field', [
    ...BODY_CODES,
    WebhooksErrorCode.URL_NOT_ALLOWED,
    WebhooksErrorCode.SECRET_REQUIRED,
  ])
  put(@Auth() auth: AuthContext, @Body() body: PutWebhookSettingsDto): Promise<WebhookSettings> {
    return this.webhooks.put(auth.tenantId, body);
  }

  @Delete()
  @ApiOperation({ summary: 'Turn webhooks off (the delivery log is kept)' })
  @ApiOkResponse({ type: WebhookSettingsDto })
  remove(@Auth() auth: AuthContext): Promise<WebhookSettings> {
    return this.webhooks.remove(auth.tenantId);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Delivery attempts, newest first' })
  @ApiOkResponse({ type: WebhookDeliveriesPage })
  @ApiError(400, '`errors` names the bad query parameter', [CommonErrorCode.VALIDATION_FAILED])
  deliveries(
    @Auth() auth: AuthContext,
    @Query() query: WebhookDeliveriesQuery,
  ): Promise<Page<WebhookDelivery>> {
    return this.webhooks.listDeliveries(auth.tenantId, query.page, query.limit);
  }
}
