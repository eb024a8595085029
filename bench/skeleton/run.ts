/**
 * Runs the no-work skeleton (./workflows.ts) on the stack's Temporal server, with a worker in
 * this process tuned as the real one (src/worker/build-worker.ts), on task queues of its own.
 */
import { Client, Connection } from '@temporalio/client';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NativeConnection, Worker } from '@temporalio/worker';
import { WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';
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

export type SkeletonShape = Parameters<typeof skeletonItemsPerSecond>[2];

/**
 * skeletonItemsPerSecond in a child process started as the real worker is (./main.ts): the same
 * V8 and malloc settings, which a process cannot change for itself once started.
 */
export async function skeletonItemsPerSecondInWorkerProcess(
  temporalAddress: string,
  items: number,
  shape: SkeletonShape,
): Promise<{ itemsPerSecond: number; cpuSeconds: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'main.ts'),
      temporalAddress,
      String(items),
      JSON.stringify(shape),
    ],
    { env: { ...process.env, ...WORKER_ALLOCATOR_ENV }, maxBuffer: 64 * 2 ** 20 },
  );
  const answer = stdout
    .split('\n')
    .reverse()
    .find((line) => line.startsWith('{"itemsPerSecond"'));
  if (!answer) throw new Error(`the skeleton printed no answer:\n${stdout.slice(-2000)}`);
  return JSON.parse(answer) as { itemsPerSecond: number; cpuSeconds: number };
}
