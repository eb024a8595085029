import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActivityDeps } from '../../activities';
import type { AppConfig } from '../config/app-config';
import { HotelMappingsService } from '../hotel-mappings/hotel-mappings.service';
import { createOutboundAgents } from '../outbound/outbound-agent';
import { OutboundPolicy } from '../outbound/outbound-url';
import { ReferenceCacheService } from '../sedna/reference-cache.service';
import { RequestPacer } from '../sedna/request-pacer';
import { SettingsService } from '../settings/settings.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import type { WorkerMetrics } from './worker-metrics';

/** How long a receiver has to answer one delivery attempt. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/** What the activities need, from the worker's application context (WorkerModule). */
export function activityDeps(
  app: INestApplicationContext,
  config: AppConfig,
  metrics: WorkerMetrics,
): ActivityDeps {
  const dataSource = app.get(DataSource);
  const mappings = app.get(HotelMappingsService);
  // Kept in memory, reloaded whenever the stored settings' version moved (checked per call).
  const credentials = app.get(SettingsService).currentCredentials();
  return {
    dataSource,
    referenceCache: app.get(ReferenceCacheService),
    sync: config.sync,
    findMapping: (tenantId, name) => mappings.findMapping(tenantId, name),
    onItemFinished: (type, status) => metrics.itemsFinished.inc({ type, status }),
    pacer: new RequestPacer(dataSource, undefined, (step, seconds) =>
      metrics.pacerWait.observe({ step }, seconds),
    ),
    credentials,
    sednaTimeoutMs: config.sednaTimeoutMs,
    observe: (call, outcome) => metrics.sednaRequests.inc({ call, outcome }),
    webhooks: app.get(WebhooksService),
    agents: createOutboundAgents(new OutboundPolicy(config.webhookAllowedHosts)),
    webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
  };
}
