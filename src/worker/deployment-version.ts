import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WorkflowService } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, WorkerDeploymentOptions } from '@temporalio/worker';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import type { AppLogger } from '../common/logger';
import type { AppConfig, SetCurrentMode } from '../config/app-config';
import type { WorkflowSource } from './build-worker';
import { workflowInterceptorModules } from '../telemetry/temporal-tracing';
import { currentTracing } from '../telemetry/tracing';

/**
 * The package version and the first 12 hex digits of the SHA-256 of the workflow bundle the
 * worker runs: the same code gives the same build id on every replica, changed workflow code a
 * new one. A worker that bundles at start (development, tests) bundles first to hash the result.
 */
export async function defaultBuildId(
  workflows: WorkflowSource,
): Promise<{ buildId: string; workflows: WorkflowSource }> {
  let code: string;
  let source = workflows;
  if (workflows.workflowBundle && 'codePath' in workflows.workflowBundle) {
    code = readFileSync(workflows.workflowBundle.codePath, 'utf8');
  } else if (workflows.workflowBundle && 'code' in workflows.workflowBundle) {
    code = workflows.workflowBundle.code;
  } else if (workflows.workflowsPath) {
    ({ code } = await bundleWorkflowCode({
      workflowsPath: workflows.workflowsPath,
      workflowInterceptorModules: workflowInterceptorModules(currentTracing()),
    }));
    // Run what was hashed, without bundling a second time.
    source = { workflowBundle: { code } };
  } else {
    throw new Error('No workflow code to derive a build id from');
  }
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  return { buildId: `${packageVersion()}-${hash}`, workflows: source };
}

function packageVersion(): string {
  // Compiled to dist/src/worker/, run from src/worker/ by tsx: the package file is found from both.
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(require.resolve(path), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'sedna-sync-orchestrator' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  return '0.0.0';
}

/**
 * Every workflow type is PINNED unless it says otherwise (workflows/*.workflow.ts,
 * `setWorkflowOptions`): a run finishes on the version it began on.
 */
export function deploymentOptions(version: WorkerDeploymentVersion): WorkerDeploymentOptions {
  return { version, useWorkerVersioning: true, defaultVersioningBehavior: 'PINNED' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes `version` its deployment's current version: new runs (and runs that auto-upgrade) go to
 * it; pinned runs stay where they began. The server knows a version once one of its workers has
 * polled, so this retries until then (at most `timeoutMs`). `if-none` leaves a deployment that
 * has a current version alone (a rolling deploy then promotes with a deploy step).
 */
export async function makeVersionCurrent(
  connection: { workflowService: WorkflowService },
  namespace: string,
  version: WorkerDeploymentVersion,
  mode: Exclude<SetCurrentMode, 'never'>,
  opts: { timeoutMs?: number; identity?: string } = {},
): Promise<'set' | 'already-current' | 'left-alone'> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const service = connection.workflowService;
  for (let attempt = 0; ; attempt++) {
    try {
      const { workerDeploymentInfo: info, conflictToken } = await service.describeWorkerDeployment({
        namespace,
        deploymentName: version.deploymentName,
      });
      const current = info?.routingConfig?.currentDeploymentVersion;
      if (current?.buildId === version.buildId) return 'already-current';
      if (mode === 'if-none' && current?.buildId) return 'left-alone';
      await service.setWorkerDeploymentCurrentVersion({
        namespace,
        deploymentName: version.deploymentName,
        buildId: version.buildId,
        conflictToken,
        identity: opts.identity ?? 'sedna-sync-worker',
      });
      return 'set';
    } catch (err) {
      // NOT_FOUND until the version's first poll reaches the deployment; a conflict when another
      // replica set it meanwhile (the next round sees it). Anything else past the deadline.
      if (Date.now() > deadline) throw err;
      await sleep(Math.min(250 * 2 ** attempt, 2_000));
    }
  }
}

/** The worker's version and, in the background, its promotion as configured. */
export async function resolveVersioning(
  config: AppConfig,
  workflows: WorkflowSource,
): Promise<{ version?: WorkerDeploymentVersion; workflows: WorkflowSource }> {
  const versioning = config.workerVersioning;
  if (!versioning) return { workflows };
  if (versioning.buildId) {
    return {
      version: { deploymentName: versioning.deploymentName, buildId: versioning.buildId },
      workflows,
    };
  }
  const derived = await defaultBuildId(workflows);
  return {
    version: { deploymentName: versioning.deploymentName, buildId: derived.buildId },
    workflows: derived.workflows,
  };
}

/** Runs makeVersionCurrent after the workers started polling; logs what it did. */
export function promoteInBackground(
  connection: NativeConnection,
  config: AppConfig,
  version: WorkerDeploymentVersion,
  logger: AppLogger,
): void {
  const mode = config.workerVersioning?.setCurrent ?? 'never';
  if (mode === 'never') return;
  makeVersionCurrent(connection, config.temporal.namespace, version, mode).then(
    (outcome) => logger.info({ ...version, mode }, `worker deployment version ${outcome}`),
    (err: unknown) =>
      logger.warn(
        { ...version, mode, error: (err as Error).message },
        'could not make the worker deployment version current',
      ),
  );
}
