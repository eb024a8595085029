/**
 * Runs the no-work skeleton (./workflows.ts) on the stack's Temporal server, with a worker in
 * this process tuned as the real one (src/worker/build-worker.ts), on task queues of its own.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { orchestrationOptions, sednaCallOptions } from '../../src/worker/build-worker';
import { skeletonActivities } from './activities';
import { SKELETON_CALLS_QUEUE, SKELETON_QUEUE, skeletonBulkWorkflow } from './workflows';

/** Items per second of the skeleton over `items` items (window and run size as the real ones). */
export async function skeletonItemsPerSecond(
  temporalAddress: string,
  items: number,
  shape: { window: number; itemsPerRun: number; maxCachedWorkflows: number; maxCalls: number },
): Promise<number> {
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const workers = await Promise.all([
    Worker.create({
      connection,
      taskQueue: SKELETON_QUEUE,
      workflowsPath: require.resolve('./workflows'),
      activities: skeletonActivities,
      ...orchestrationOptions({ workerMaxCachedWorkflows: shape.maxCachedWorkflows }),
    }),
    Worker.create({
      connection,
      taskQueue: SKELETON_CALLS_QUEUE,
      activities: skeletonActivities,
      ...sednaCallOptions({ sednaMaxConcurrentCalls: shape.maxCalls }),
    }),
  ]);
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  const running = workers.map((w) => w.run());
  try {
    const runId = `bench-skeleton-${Date.now()}`;
    const started = Date.now();
    await client.workflow.execute(skeletonBulkWorkflow, {
      taskQueue: SKELETON_QUEUE,
      workflowId: runId,
      args: [{ runId, total: items, window: shape.window, itemsPerRun: shape.itemsPerRun }],
    });
    return items / ((Date.now() - started) / 1000);
  } finally {
    for (const w of workers) w.shutdown();
    await Promise.all(running);
    await client.connection.close();
    await connection.close();
  }
}
