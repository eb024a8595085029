import type { WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentTracing, type Tracing } from '../telemetry/tracing';

export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

/** The traced bundle written beside a plain one: `workflow-bundle.js` → `workflow-bundle-traced.js`. */
export function tracedBundlePath(bundle: string): string {
  return bundle.replace(/(\.js)?$/, '-traced.js');
}

/**
 * `npm run build` bundles the workflows ahead of time (dist/workflow-bundle.js, or the file
 * WORKFLOW_BUNDLE_PATH names, and beside it the traced bundle a worker with tracing on runs);
 * in development they are bundled at start. A production worker (NODE_ENV=production) never
 * bundles at start: without the prebuilt bundle it stops.
 */
export function workflowSource(
  env: NodeJS.ProcessEnv = process.env,
  tracing: Pick<Tracing, 'enabled'> = currentTracing(),
): WorkflowSource {
  const plain = env.WORKFLOW_BUNDLE_PATH ?? join(__dirname, '../../workflow-bundle.js');
  const bundle = tracing.enabled ? tracedBundlePath(plain) : plain;
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  if (env.NODE_ENV === 'production') {
    throw new Error(
      `No prebuilt workflow bundle at ${bundle} (NODE_ENV=production): run npm run build, or set WORKFLOW_BUNDLE_PATH`,
    );
  }
  return { workflowsPath: require.resolve('../../workflows') };
}
