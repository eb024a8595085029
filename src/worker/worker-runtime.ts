import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { AppConfig } from '../config/app-config';
import { JsonLogger } from '../common/json-logger';
import { warnDeprecatedTemporalVariables, watchApiKey } from '../temporal/connection-watch';
import { activityDeps } from './activity-deps';
import { buildWorker, workflowSource, WorkflowSource } from './build-worker';
import { promoteInBackground, resolveVersioning } from './deployment-version';
import { installSdkRuntime } from './sdk-runtime';
import { WorkerMetrics } from './worker-metrics';
import { WorkerModule } from './worker.module';

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
  const logger = new JsonLogger('worker', config.logLevel);
  installSdkRuntime(config, logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  const metrics = new WorkerMetrics();
  const metricsServer = config.workerMetricsPort
    ? metrics.serve(config.workerMetricsPort)
    : undefined;
  const activities = createActivities(activityDeps(app, config, metrics));
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
    logger.event('info', 'worker deployment version', { ...versioned.version });
    promoteInBackground(connection, config, versioned.version, logger);
  }
  return runTogether(workers, async () => {
    stopKeyWatch();
    metricsServer?.close();
    await connection.close();
    await app.close();
  });
}
