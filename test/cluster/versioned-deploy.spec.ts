import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { waitFor } from '../../scripts/local-stack';
import type { ManagedProcess } from '../../scripts/managed-process';
import type { RealTemporalServer } from '../../scripts/temporal-server';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { ItemType } from '../../src/contract/statuses';
import { syncItemWorkflowId } from '../../src/contract/workflow-ids';
import { makeVersionCurrent } from '../../src/worker/deployment-version';
import type { RunningApi } from '../support/api';
import { OwnServerStack, startOwnServerStack, stopOwnServerStack } from '../support/cluster-stack';
import { queryDb } from '../support/db';
import { expectEachCreatedOnce, untilFinished } from '../support/effects';
import { simGet, startMixedRun, waitForRun } from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';
import { NEW_PATH_MEMO } from '../replay/fixtures/changed-sync-item';

const DEPLOYMENT = 'sedna-sync';
const A = { deploymentName: DEPLOYMENT, buildId: 'test-a' };
const B = { deploymentName: DEPLOYMENT, buildId: 'test-b' };
const RUN_A = { stopSales: 20, reservations: 10 };
const RUN_B = { stopSales: 4, reservations: 4 };

type Stage = 'finished' | 'in flight' | 'not begun';

/**
 * A rolling deploy with Worker Deployment Versioning on the real server: version B runs a
 * changed syncItemWorkflow (one more command before its first step, NOT behind patched(): the
 * replay test shows such a change wedges a run begun on the old code), so a run of A that moved
 * to B would fail with a nondeterminism error. Deploy: start B, make it current, let A drain,
 * stop A.
 */
describe('a versioned deploy while a run is in flight (real Temporal server)', () => {
  const stack: OwnServerStack = { dir: mkdtempSync(join(tmpdir(), 'sedna-cluster-versions-')) };
  let sim: SednaSimulator;
  let api: RunningApi;
  let temporal: RealTemporalServer;
  let client: Client;
  let workerB: ManagedProcess | undefined;

  beforeAll(async () => {
    // A server of its own: a deployment's current version routes the whole task queue, which
    // the other cluster specs' unversioned workers share.
    ({ sim, api, temporal } = await startOwnServerStack(stack, {
      // Slow Sedna, two items at a time: run A lasts while B starts.
      sim: { rateLimitPerSecond: 100, latencyMs: 800 },
      databasePrefix: 'versions_',
      workerName: 'worker-a',
      env: {
        TEMPORAL_DEPLOYMENT_NAME: DEPLOYMENT,
        TEMPORAL_WORKER_BUILD_ID: A.buildId,
        // The first version of the deployment makes itself current.
        WORKER_SET_CURRENT: 'if-none',
        SYNC_MAX_CONCURRENT_ITEMS: '2',
      },
    }));
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  });

  afterAll(async () => {
    await workerB?.stop();
    await client?.connection.close();
    await stopOwnServerStack(stack);
  });

  const currentBuildId = async () => {
    const { workerDeploymentInfo } = await client.workflowService.describeWorkerDeployment({
      namespace: 'default',
      deploymentName: DEPLOYMENT,
    });
    return workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId ?? undefined;
  };

  const workflowIdsOf = async (syncId: string) =>
    (
      await queryDb<{ item_type: ItemType; item_id: number }>(
        `SELECT i.item_type, i.item_id FROM sync_items i
           JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1 ORDER BY i.ordinal`,
        [syncId],
      )
    ).map((i) => syncItemWorkflowId(syncId, i.item_type, i.item_id));

  /** The version a workflow ran on, whether it is open, and whether it took B's new path. */
  async function versionOf(workflowId: string) {
    const description = await client.workflow.getHandle(workflowId).describe();
    const info = description.raw.workflowExecutionInfo?.versioningInfo;
    return {
      buildId: info?.deploymentVersion?.buildId ?? undefined,
      running: description.status.name === 'RUNNING',
      newPath: description.memo?.[NEW_PATH_MEMO] === true,
    };
  }

  async function stageOf(workflowId: string): Promise<Stage> {
    const handle = client.workflow.getHandle(workflowId);
    try {
      if ((await handle.describe()).status.name !== 'RUNNING') return 'finished';
    } catch {
      return 'not begun';
    }
    const { events } = await handle.fetchHistory();
    return events?.some((e) => e.workflowTaskCompletedEventAttributes) ? 'in flight' : 'not begun';
  }

  it('finishes the old run on A, runs the new one on B, each item once in Sedna', async () => {
    // Version B's workflow code, bundled ahead (as its image would hold it).
    const bundle = join(stack.dir, 'workflows-b.js');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../replay/fixtures/unguarded-change.workflows.ts'),
    });
    writeFileSync(bundle, code);
    await waitFor('version A to be current', async () =>
      (await currentBuildId()) === A.buildId ? true : undefined,
    );
    const runA = await startMixedRun(api.url, sim, 'va', RUN_A);
    const itemsA = await workflowIdsOf(runA.syncId);
    await untilFinished(runA.syncId, 2);

    // The deploy: B (changed workflow code) starts beside A, and a deploy step makes it current.
    workerB = await spawnWorkerProcess('worker-b', {
      TEMPORAL_WORKER_BUILD_ID: B.buildId,
      WORKER_SET_CURRENT: 'never',
      WORKFLOW_BUNDLE_PATH: bundle,
    });
    await makeVersionCurrent(client.connection, 'default', B, 'always');
    expect(await currentBuildId()).toBe(B.buildId);
    const stages = new Map<string, Stage>();
    for (const id of itemsA) stages.set(id, await stageOf(id));
    const byStage = (stage: Stage) => itemsA.filter((id) => stages.get(id) === stage);

    // A new run after the deploy.
    const runB = await startMixedRun(api.url, sim, 'vb', RUN_B);
    const itemsB = await workflowIdsOf(runB.syncId);

    // A drains: its run completes, then nothing is open on A, then A stops.
    const finishedA = await waitForRun(runA.syncId, 180_000);
    await waitFor(
      'version A to drain',
      async () => {
        for (const id of [`bulk-sync-${runA.syncId}`, ...itemsA]) {
          if ((await versionOf(id)).running) return undefined;
        }
        return true;
      },
      { timeoutMs: 60_000 },
    );
    await stack.worker?.stop();
    stack.worker = undefined;
    const finishedB = await waitForRun(runB.syncId, 180_000);

    // A's run: every item on A's code, those begun after B became current too (children of a
    // pinned run stay on its version), none on B's changed path; in flight across the deploy.
    expect(finishedA).toMatchObject({
      status: 'completed',
      successful_count: RUN_A.stopSales + RUN_A.reservations,
      failed_count: 0,
    });
    expect(byStage('in flight').length).toBeGreaterThanOrEqual(1);
    expect(byStage('not begun').length).toBeGreaterThanOrEqual(1);
    expect(await versionOf(`bulk-sync-${runA.syncId}`)).toMatchObject({ buildId: A.buildId });
    for (const id of itemsA) {
      expect([id, await versionOf(id)]).toEqual([
        id,
        { buildId: A.buildId, running: false, newPath: false },
      ]);
    }
    // The new run: on B, every item on B's changed path.
    expect(finishedB).toMatchObject({
      status: 'completed',
      successful_count: RUN_B.stopSales + RUN_B.reservations,
      failed_count: 0,
    });
    expect(await versionOf(`bulk-sync-${runB.syncId}`)).toMatchObject({ buildId: B.buildId });
    for (const id of itemsB) {
      expect([id, await versionOf(id)]).toEqual([
        id,
        { buildId: B.buildId, running: false, newPath: true },
      ]);
    }

    // Sedna: every item of both runs exactly once, nothing else.
    await expectEachCreatedOnce(sim, runA.tenant);
    await expectEachCreatedOnce(sim, runB.tenant);
    const stats = (await simGet(sim, 'stats')).agencies.demo;
    expect(stats).toMatchObject({
      stopSalesCreated: RUN_A.stopSales + RUN_B.stopSales,
      reservationsCreated: RUN_A.reservations + RUN_B.reservations,
      duplicatesRejected: 0,
    });
    const headers = (await simGet(sim, 'stop-sales')) as unknown[];
    expect(headers).toHaveLength(RUN_A.stopSales + RUN_B.stopSales);
    console.log(
      `[versioned deploy] run A: ${itemsA.length} items (${byStage('finished').length} finished, ` +
        `${byStage('in flight').length} in flight, ${byStage('not begun').length} not begun at ` +
        `the deploy), all on ${A.buildId}; run B: ${itemsB.length} items on ${B.buildId}; ` +
        `simulator: ${stats.stopSalesCreated} stop sales, ${stats.reservationsCreated} ` +
        `reservations, ${stats.duplicatesRejected} duplicates`,
    );
  }, 400_000);
});
