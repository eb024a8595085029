import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RealTemporalServer } from '../../scripts/temporal-server';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import type { RunningApi } from '../support/api';
import {
  expectCompletedOnce,
  OwnServerStack,
  startOwnServerStack,
  stopOwnServerStack,
} from '../support/cluster-stack';
import { untilFinished } from '../support/effects';
import { startMixedRun, waitForRun } from '../support/sync-fixtures';

describe('a restart of the real Temporal server mid-run', () => {
  const stack: OwnServerStack = { dir: mkdtempSync(join(tmpdir(), 'sedna-cluster-restart-')) };
  let sim: SednaSimulator;
  let temporal: RealTemporalServer;
  let api: RunningApi;

  beforeAll(async () => {
    // A server of its own: it is stopped mid-test.
    ({ sim, temporal, api } = await startOwnServerStack(stack, {
      sim: { rateLimitPerSecond: 100, latencyMs: 100 },
      databasePrefix: 'restart_',
      workerName: 'worker-r',
    }));
  });

  afterAll(() => stopOwnServerStack(stack));

  it('completes the run with every item created once', async () => {
    const { tenant, syncId } = await startMixedRun(api.url, sim, 'rs', {
      stopSales: 12,
      reservations: 12,
    });
    await untilFinished(syncId, 4);
    // Down for 2 s, then up again on the same databases and ports.
    await temporal.restart(2_000);

    const run = await waitForRun(syncId, 180_000);
    await expectCompletedOnce(sim, tenant, run, { stopSales: 12, reservations: 12 });
  }, 200_000);
});
