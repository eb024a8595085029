import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActivityDeps } from '../../activities';
import type { AppConfig } from '../config/app-config';
import { HotelMappingsService } from '../hotel-mappings/hotel-mappings.service';
import { createOutboundAgents } from '../outbound/outbound-agent';
import { OutboundPolicy } from '../outbound/outbound-url';
import { ReferenceCacheService } from '../sedna/reference-cache.service';
import { RequestPacer } from '../sedna/request-pacer';
import type { SednaCredentials } from '../sedna/sedna-types';
import { SettingsService } from '../settings/settings.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import type { WorkerMetrics } from './worker-metrics';

/** How long a receiver has to answer one delivery attempt. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/** Credentials are read per request; a short cache spares the database and the decryption. */
function cachedCredentials(settings: SettingsService, ttlMs = 5000) {
  const cache = new Map<string, { at: number; value: Promise<SednaCredentials | null> }>();
  return (tenantId: string) => {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = settings.getSednaCredentials(tenantId);
    cache.set(tenantId, { at: Date.now(), value });
    return value;
  };
}

/** What the activities need, from the worker's application context (WorkerModule). */
export function activityDeps(
  app: INestApplicationContext,
  config: AppConfig,
  metrics: WorkerMetrics,
): ActivityDeps {
  const dataSource = app.get(DataSource);
  const mappings = app.get(HotelMappingsService);
  return {
    dataSource,
    referenceCache: app.get(ReferenceCacheService),
    sync: config.sync,
    findMappedHotelId: (tenantId, name) => mappings.findHotelId(tenantId, name),
    onItemFinished: (type, status) => metrics.itemsFinished.inc({ type, status }),
    pacer: new RequestPacer(dataSource, config.sednaTimeoutMs),
    credentials: cachedCredentials(app.get(SettingsService)),
    sednaTimeoutMs: config.sednaTimeoutMs,
    observe: (call, outcome) => metrics.sednaRequests.inc({ call, outcome }),
    webhooks: app.get(WebhooksService),
    agents: createOutboundAgents(new OutboundPolicy(config.outboundAllowedHosts)),
    webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
  };
}
