import type { WorkerDeploymentVersion } from '@temporalio/common';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerActivities } from '../../activities';
import type { AppConfig } from '../config/app-config';
import { ORCHESTRATION_TASK_QUEUE, SEDNA_CALLS_TASK_QUEUE } from '../contract/task-queues';
import { deploymentOptions } from './deployment-version';

export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

/**
 * `npm run build` bundles the workflows ahead of time (dist/workflow-bundle.js, or the file
 * WORKFLOW_BUNDLE_PATH names); in development they are bundled at start. A production worker
 * (NODE_ENV=production) never bundles at start: without the prebuilt bundle it stops.
 */
export function workflowSource(env: NodeJS.ProcessEnv = process.env): WorkflowSource {
  const bundle = env.WORKFLOW_BUNDLE_PATH ?? join(__dirname, '../../workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  if (env.NODE_ENV === 'production') {
    throw new Error(
      `No prebuilt workflow bundle at ${bundle} (NODE_ENV=production): run npm run build, or set WORKFLOW_BUNDLE_PATH`,
    );
  }
  return { workflowsPath: require.resolve('../../workflows') };
}

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
  const orchestration = await Worker.create({
    connection,
    namespace,
    taskQueue: ORCHESTRATION_TASK_QUEUE,
    ...workflows,
    activities: activities.orchestration,
    ...orchestrationOptions(tuning),
    ...processOptions(tuning, version),
  });
  const sednaCalls = await Worker.create({
    connection,
    namespace,
    taskQueue: SEDNA_CALLS_TASK_QUEUE,
    activities: activities.sednaCalls,
    ...sednaCallOptions(tuning),
    ...processOptions(tuning, version),
  });
  return [orchestration, sednaCalls];
}
