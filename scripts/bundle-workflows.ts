import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TRACING_WORKFLOW_MODULES } from '../src/telemetry/temporal-tracing';
import { tracedBundlePath } from '../src/worker/workflow-source';

/**
 * Bundles the workflows ahead of time, so that a production worker starts without webpack:
 * `outFile`, and beside it the traced bundle (with the OpenTelemetry workflow interceptors) that
 * a worker with tracing on runs.
 */
export async function bundleWorkflows(outFile: string): Promise<void> {
  const workflowsPath = require.resolve('../workflows');
  const plain = await bundleWorkflowCode({ workflowsPath });
  const traced = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [...TRACING_WORKFLOW_MODULES],
  });
  await writeFile(tracedBundlePath(outFile), traced.code);
  await writeFile(outFile, plain.code);
}

if (require.main === module) {
  const outFile = process.argv[2] ?? join(__dirname, '../workflow-bundle.js');
  bundleWorkflows(outFile).then(
    () => console.log(`workflow bundle written to ${outFile}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
