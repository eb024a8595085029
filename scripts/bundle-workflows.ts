import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bundles the workflows ahead of time, so that a production worker starts without webpack. */
export async function bundleWorkflows(outFile: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  await writeFile(outFile, code);
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
