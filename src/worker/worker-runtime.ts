import { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { NestFactory } from '@nestjs/core';
import {
  DefaultLogger,
  LogLevel,
  NativeConnection,
  Runtime,
  Worker,
  WorkerOptions,
} from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createItemStoreActivities } from '../../activities/item-store-activities';
import { createScheduleActivities } from '../../activities/schedule-activities';
import { createSednaActivities } from '../../activities/sedna-activities';
import { FAILURE_TYPES } from '../../activities/sedna-failures';
import { createWebhookActivities } from '../../activities/webhook-activities';
import type { AppConfig } from '../config/app-config';
import { JsonLogger } from '../common/json-logger';
import { createOutboundAgents } from '../outbound/outbound-agent';
import { OutboundPolicy } from '../outbound/outbound-url';
import { HotelMappingsService } from '../hotel-mappings/hotel-mappings.service';
import { ReferenceCacheService } from '../sedna/reference-cache.service';
import { RequestPacer } from '../sedna/request-pacer';
import type { SednaCredentials } from '../sedna/sedna-types';
import { SettingsService } from '../settings/settings.service';
import { ORCHESTRATION_TASK_QUEUE, SEDNA_CALLS_TASK_QUEUE } from '../temporal/contract';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WorkerMetrics } from './worker-metrics';
import { WorkerModule } from './worker.module';

export interface WorkerRuntime {
  shutdown(): Promise<void>;
  /** Settles when the workers stop. */
  done: Promise<void>;
}

/** `npm run build` bundles the workflows ahead of time; in development they are bundled at start. */
function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? join(__dirname, '../../workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../../workflows') };
}

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

/** How long a receiver has to answer one delivery attempt. */
const WEBHOOK_TIMEOUT_MS = 15_000;

function buildActivities(app: INestApplicationContext, config: AppConfig, metrics: WorkerMetrics) {
  const dataSource = app.get(DataSource);
  const referenceCache = app.get(ReferenceCacheService);
  const settings = app.get(SettingsService);
  const mappings = app.get(HotelMappingsService);
  return {
    itemStore: createItemStoreActivities({
      dataSource,
      referenceCache,
      findMappedHotelId: (tenantId, name) => mappings.findHotelId(tenantId, name),
      onItemFinished: (type, status) => metrics.itemsFinished.inc({ type, status }),
    }),
    schedules: createScheduleActivities({ dataSource, sync: config.sync }),
    sedna: createSednaActivities({
      dataSource,
      referenceCache,
      pacer: new RequestPacer(dataSource),
      credentials: cachedCredentials(settings),
      timeoutMs: config.sednaTimeoutMs,
      observe: (call, outcome) => metrics.sednaRequests.inc({ call, outcome }),
    }),
    webhooks: createWebhookActivities({
      webhooks: app.get(WebhooksService),
      agents: createOutboundAgents(new OutboundPolicy(config.outboundAllowedHosts)),
      timeoutMs: WEBHOOK_TIMEOUT_MS,
    }),
  };
}

const SDK_LEVELS: Record<AppConfig['logLevel'], LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};
let runtimeInstalled = false;

/** The Sedna-call worker runs activities only, by design: the SDK's warning about it is noise. */
const EXPECTED_SDK_WARNINGS = ['No workflows registered, not polling for workflow tasks'];

/** An attempt that logged in ends by design (one request per attempt): not worth a warning. */
function isLoginAttempt(meta: Record<string, unknown> | undefined): boolean {
  const error = meta?.error;
  return error instanceof ApplicationFailure && error.type === FAILURE_TYPES.sessionRenewed;
}

function sdkLevel(
  level: LogLevel,
  message: string,
  meta: Record<string, unknown> | undefined,
): 'debug' | 'info' | 'warn' | 'error' {
  if (level === 'TRACE' || level === 'DEBUG' || EXPECTED_SDK_WARNINGS.includes(message))
    return 'debug';
  if (isLoginAttempt(meta)) return 'info';
  return level.toLowerCase() as 'info' | 'warn' | 'error';
}

/** The SDK logs through our JSON logger, once per process. */
function installRuntime(config: AppConfig, logger: JsonLogger) {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    telemetryOptions: config.sdkMetricsPort
      ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.sdkMetricsPort}` } } }
      : undefined,
    logger: new DefaultLogger(SDK_LEVELS[config.logLevel], ({ level, message, meta }) =>
      logger.event(sdkLevel(level, message, meta), message, { ...meta, context: 'temporal-sdk' }),
    ),
  });
}

/**
 * The orchestration worker (workflows + database steps) and the Sedna-call worker. `workflows`
 * replaces the workflow code (tests: a changed version, as a deploy brings it).
 */
export async function startWorkerRuntime(
  config: AppConfig,
  workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = workflowSource(),
): Promise<WorkerRuntime> {
  const logger = new JsonLogger('worker', config.logLevel);
  installRuntime(config, logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  const metrics = new WorkerMetrics();
  const metricsServer = config.workerMetricsPort
    ? metrics.serve(config.workerMetricsPort)
    : undefined;
  const activities = buildActivities(app, config, metrics);
  const connection = await NativeConnection.connect(config.temporal);
  const orchestration = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: ORCHESTRATION_TASK_QUEUE,
    ...workflows,
    // Webhook deliveries are not Sedna calls: they stay off the paced Sedna-call queue.
    activities: { ...activities.itemStore, ...activities.schedules, ...activities.webhooks },
    // Workflow tasks are short and latency-bound: more of them in flight keeps the worker busy.
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentWorkflowTaskPolls: 40,
    maxConcurrentLocalActivityExecutions: 100,
    // Memory grows with the cache (about 75 KB a workflow in the many-tenants bench); a run
    // needs only its window (51 workflows) hot.
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
  });
  // Every tenant's Sedna calls share one queue; the pacer holds each tenant to its limit. An
  // activity waiting for its tenant's slot holds an execution slot, so there are many of them
  // (they are timers, not threads).
  const sednaCalls = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: SEDNA_CALLS_TASK_QUEUE,
    activities: activities.sedna,
    maxConcurrentActivityTaskExecutions: config.sednaMaxConcurrentCalls,
    maxConcurrentActivityTaskPolls: 10,
  });
  const workers = [orchestration, sednaCalls];
  const stopWorkers = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  // One worker stopping (shutdown or failure) stops the other.
  const runs = workers.map((worker) => worker.run().finally(stopWorkers));
  const done = Promise.all(runs)
    .then(() => undefined)
    .finally(async () => {
      metricsServer?.close();
      await connection.close();
      await app.close();
    });
  return {
    done,
    async shutdown() {
      stopWorkers();
      await done;
    },
  };
}
