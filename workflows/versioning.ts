import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import type { VersioningBehavior } from '@temporalio/common';

/**
 * A worker with a deployment version runs this task (README, "Deploys"). An unversioned worker
 * reports a build id of its own too, but no deployment name.
 */
export const onVersionedWorker = (): boolean =>
  Boolean(workflowInfo().currentDeploymentVersion?.deploymentName);

/**
 * The workflow type's versioning behavior, given on versioned workers only: the server refuses a
 * behavior from an unversioned worker (every workflow task would fail).
 */
export function versioningBehavior(
  behavior: VersioningBehavior,
  fn: (...args: never[]) => Promise<unknown>,
): void {
  setWorkflowOptions(() => (onVersionedWorker() ? { versioningBehavior: behavior } : {}), fn);
}
