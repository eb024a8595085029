/**
 * The worker's composition root: the one place that assembles a worker process (README,
 * "Architecture"). It builds the application context the activities use (WorkerModule), the
 * activities from their factories in activities/, the two workers (the workflows and their
 * database steps on the orchestration queue, every Sedna call on the Sedna-call queue) with
 * their pollers and versioning, the SDK runtime and the metrics port. No other file of src/
 * imports activities/ (eslint.config.mjs); src/worker.ts runs it.
 */
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createItemStoreActivities } from '../../activities/item-store-activities';
import { createReconcileActivities } from '../../activities/reconcile-activities';
import { createScheduleActivities } from '../../activities/schedule-activities';
import { createSednaActivities } from '../../activities/sedna-activities';
import { createSednaCaller } from '../../activities/sedna-call';
import { createWebhookActivities } from '../../activities/webhook-activities';
import { createLogger, NestPinoLogger } from '../common/logger';
import type { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import type {
  ItemStoreActivities,
  ReconcileSednaActivities,
  ReconcileStoreActivities,
  ScheduleActivities,
  SednaActivities,
  WebhookActivities,
} from '../contract/activities';
import { ORCHESTRATION_TASK_QUEUE, SEDNA_CALLS_TASK_QUEUE } from '../contract/task-queues';
import { DatabaseModule } from '../database/database.module';
import { Repositories } from '../database/repositories';
import { HotelMappingsModule } from '../hotel-mappings/hotel-mappings.module';
import { HotelMappingsService } from '../hotel-mappings/hotel-mappings.service';
import { createOutboundAgents } from '../outbound/outbound-agent';
import { OutboundPolicy } from '../outbound/outbound-url';
import { ReferenceCacheService } from '../sedna/reference-cache.service';
import { RequestPacer } from '../sedna/request-pacer';
import { SednaHealthRecorder } from '../sedna/sedna-health';
import { SednaHealthRepository } from '../sedna/sedna-health.repository';
import { SednaModule } from '../sedna/sedna.module';
import { SettingsModule } from '../settings/settings.module';
import { SettingsService } from '../settings/settings.service';
import { warnDeprecatedTemporalVariables, watchApiKey } from '../temporal/connection-watch';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WebhooksService } from '../webhooks/webhooks.service';
import { deploymentOptions, promoteInBackground, resolveVersioning } from './deployment-version';
import { installSdkRuntime } from './sdk-runtime';
import { workflowSource, type WorkflowSource } from './workflow-source';
import { tracingWorkerOptions } from '../telemetry/temporal-tracing';
import { currentTracing } from '../telemetry/tracing';
import { WorkerMetrics } from './worker-metrics';

export { workflowSource, type WorkflowSource } from './workflow-source';

type Tuning = Partial<
  Pick<AppConfig, 'workerMaxCachedWorkflows' | 'sednaMaxConcurrentCalls' | 'workerShutdownGraceMs'>
>;

/**
 * Workflow task pollers. SDK 1.24 takes the poller count only from `workflowTaskPollerBehavior`
 * (`maxConcurrentWorkflowTaskPolls`, which set 40 here, is ignored: the worker ran 10, 2 of them
 * on the normal queue). Every new workflow's first task, and every task its sticky worker did not
 * take within 10 s, goes through the normal queue: a burst of runs (200 tenants × 3 items start
 * 800 workflows) queued there behind 2 pollers for minutes (README, "The Sedna rate limit").
 */
export const WORKFLOW_TASK_POLLERS = 40;
export const NON_STICKY_POLL_RATIO = 0.5;
/** Sedna-call activity pollers (the SDK's default, stated: `maxConcurrentActivityTaskPolls` is ignored too). */
export const SEDNA_CALL_POLLERS = 10;

/**
 * Workflow tasks are short and latency-bound: more of them in flight keeps the worker busy.
 * Memory grows with the cache (about 75 KB a workflow in the many-tenants bench); a run needs
 * only its window (51 workflows) hot.
 */
export const orchestrationOptions = (tuning: Tuning) =>
  ({
    maxConcurrentWorkflowTaskExecutions: 100,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: WORKFLOW_TASK_POLLERS },
    nonStickyToStickyPollRatio: NON_STICKY_POLL_RATIO,
    maxConcurrentLocalActivityExecutions: 100,
    maxCachedWorkflows: tuning.workerMaxCachedWorkflows,
  }) satisfies Partial<WorkerOptions>;

/**
 * The pacer holds each tenant to its Sedna limit. An activity waiting for its tenant's slot
 * holds an execution slot, so there are many of them (they are timers, not threads).
 */
export const sednaCallOptions = (tuning: Tuning) =>
  ({
    maxConcurrentActivityTaskExecutions: tuning.sednaMaxConcurrentCalls,
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: SEDNA_CALL_POLLERS },
  }) satisfies Partial<WorkerOptions>;

/**
 * Both workers of a process: on SIGTERM they stop polling and give running activities the grace
 * time to finish (a Sedna call times out after SEDNA_TIMEOUT_MS) before cancelling them. With a
 * deployment version, both queues belong to it: a pinned run's Sedna calls go to the workers of
 * its own version, which drain together.
 */
const processOptions = (tuning: Tuning, version?: WorkerDeploymentVersion) => ({
  // Left out (the workflow tests), the SDK's default: the SDK rejects an undefined duration.
  ...(tuning.workerShutdownGraceMs !== undefined
    ? { shutdownGraceTime: tuning.workerShutdownGraceMs }
    : {}),
  ...(version ? { workerDeploymentOptions: deploymentOptions(version) } : {}),
});

/**
 * The workers of a worker process: the workflows and their database steps on the orchestration
 * queue, every tenant's Sedna calls on the shared Sedna-call queue. Tuning left out is the SDK's
 * default (the workflow tests); without `version` the workers are unversioned.
 */
export async function buildWorker(opts: {
  connection: NativeConnection;
  namespace?: string;
  workflows: WorkflowSource;
  activities: WorkerActivities;
  tuning: Tuning;
  version?: WorkerDeploymentVersion;
}): Promise<Worker[]> {
  const { connection, namespace, workflows, activities, tuning, version } = opts;
  const tracing = tracingWorkerOptions(currentTracing());
  const orchestration = await Worker.create({
    connection,
    namespace,
    taskQueue: ORCHESTRATION_TASK_QUEUE,
    ...tracing,
    ...workflows,
    activities: activities.orchestration,
    ...orchestrationOptions(tuning),
    ...processOptions(tuning, version),
  });
  const sednaCalls = await Worker.create({
    connection,
    namespace,
    taskQueue: SEDNA_CALLS_TASK_QUEUE,
    ...tracing,
    activities: activities.sednaCalls,
    ...sednaCallOptions(tuning),
    ...processOptions(tuning, version),
  });
  return [orchestration, sednaCalls];
}

/** What the activities need; the worker builds them from this application context. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, 20),
        SettingsModule,
        HotelMappingsModule,
        SednaModule,
        WebhooksModule,
      ],
    };
  }
}

export interface WorkerActivities {
  /**
   * On the orchestration queue: the workflows' database steps (local activities) and webhook
   * deliveries, which are not Sedna calls and so stay off the paced Sedna-call queue.
   */
  orchestration: ItemStoreActivities &
    ScheduleActivities &
    WebhookActivities &
    ReconcileStoreActivities;
  /** On the Sedna-call queue: every Sedna call of every tenant (the drift check's reads too). */
  sednaCalls: SednaActivities & ReconcileSednaActivities;
}

/** How long a receiver has to answer one delivery attempt. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * Every activity of the worker, built by its factory from the worker's application context, by
 * the task queue it runs on. The workflows route them (workflows/activity-options.ts).
 */
export function createActivities(
  app: INestApplicationContext,
  config: AppConfig,
  metrics: WorkerMetrics,
): WorkerActivities {
  const dataSource = app.get(DataSource);
  const repos = new Repositories(dataSource);
  const referenceCache = app.get(ReferenceCacheService);
  const mappings = app.get(HotelMappingsService);
  // Kept in memory, reloaded whenever the stored settings' version moved (checked per call).
  const credentials = app.get(SettingsService).currentCredentials();
  // One request path for every Sedna call of this process: one session per tenant connection.
  const caller = createSednaCaller({
    repos,
    health: new SednaHealthRecorder(new SednaHealthRepository(dataSource)),
    pacer: new RequestPacer(dataSource, undefined, (step, seconds) =>
      metrics.pacerWait.observe({ step }, seconds),
    ),
    credentials,
    observe: (call, outcome) => metrics.sednaRequests.inc({ call, outcome }),
    timeoutMs: config.sednaTimeoutMs,
  });
  const reconcile = createReconcileActivities({ repos, caller, referenceCache });
  return {
    orchestration: {
      ...createItemStoreActivities({
        repos,
        referenceCache,
        findMapping: (tenantId, name) => mappings.findMapping(tenantId, name),
        credentials,
        onItemFinished: (type, status) => metrics.itemsFinished.inc({ type, status }),
      }),
      ...createScheduleActivities({ repos, sync: config.sync }),
      ...createWebhookActivities({
        webhooks: app.get(WebhooksService),
        reconcile: repos.reconcile,
        agents: createOutboundAgents(new OutboundPolicy(config.webhookAllowedHosts)),
        timeoutMs: WEBHOOK_TIMEOUT_MS,
      }),
      ...reconcile.store,
    },
    sednaCalls: {
      ...createSednaActivities({ repos, referenceCache, caller }),
      ...reconcile.sedna,
    },
  };
}

export interface WorkerRuntime {
  shutdown(): Promise<void>;
  /** Settles when the workers stop. */
  done: Promise<void>;
}

/**
 * Runs the workers until one stops (shutdown or failure), which stops the others; then
 * `cleanup` closes what they used.
 */
function runTogether(workers: Worker[], cleanup: () => Promise<void>): WorkerRuntime {
  const stopWorkers = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const runs = workers.map((worker) => worker.run().finally(stopWorkers));
  const done = Promise.all(runs)
    .then(() => undefined)
    .finally(cleanup);
  return {
    done,
    async shutdown() {
      stopWorkers();
      await done;
    },
  };
}

/**
 * The worker process: the orchestration worker (workflows + database steps) and the Sedna-call
 * worker (buildWorker), with their activities, metrics and shutdown. `workflows` replaces the
 * workflow code (tests: a changed version, as a deploy brings it).
 */
export async function startWorkerRuntime(
  config: AppConfig,
  workflows: WorkflowSource = workflowSource(),
): Promise<WorkerRuntime> {
  const logger = createLogger('worker', config.logLevel);
  installSdkRuntime(config, logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new NestPinoLogger(logger),
  });
  const metrics = new WorkerMetrics();
  const metricsServer = config.workerMetricsPort
    ? metrics.serve(config.workerMetricsPort)
    : undefined;
  const activities = createActivities(app, config, metrics);
  warnDeprecatedTemporalVariables(logger);
  const connection = await NativeConnection.connect(config.temporal);
  const stopKeyWatch = watchApiKey({
    initial: config.temporal.apiKey,
    apply: (key) => connection.setApiKey(key),
    logger,
  });
  const versioned = await resolveVersioning(config, workflows);
  const workers = await buildWorker({
    connection,
    namespace: config.temporal.namespace,
    workflows: versioned.workflows,
    activities,
    tuning: config,
    version: versioned.version,
  });
  metrics.watch(() =>
    workers.map((w) => ({ taskQueue: w.options.taskQueue, state: w.getState() })),
  );
  if (versioned.version) {
    logger.info({ ...versioned.version }, 'worker deployment version');
    promoteInBackground(connection, config, versioned.version, logger);
  }
  return runTogether(workers, async () => {
    stopKeyWatch();
    metricsServer?.close();
    await connection.close();
    await app.close();
  });
}
