import { expectCompletedOnce } from '../support/cluster-stack';
import { untilFinished } from '../support/effects';
import { startMixedRun, waitForRun } from '../support/sync-fixtures';
import { useProcessStack } from '../support/sync-stack';
import { spawnWorkerProcess } from '../support/worker';

describe('a worker killed mid-run on the real Temporal server', () => {
  // Slow Sedna calls: the kill lands while calls are in flight.
  const stack = useProcessStack({
    sim: { rateLimitPerSecond: 100, latencyMs: 150 },
    workers: ['worker-a'],
  });

  it('finishes the run with every item created once by the next worker', async () => {
    const { tenant, syncId } = await startMixedRun(stack.api.url, stack.sim, 'kill', {
      stopSales: 15,
      reservations: 10,
    });
    await untilFinished(syncId, 5);
    await stack.workers[0].stop('SIGKILL');
    stack.workers = [await spawnWorkerProcess('worker-b')];

    const run = await waitForRun(syncId, 150_000);
    await expectCompletedOnce(stack.sim, tenant, run, { stopSales: 15, reservations: 10 });
  }, 200_000);
});
