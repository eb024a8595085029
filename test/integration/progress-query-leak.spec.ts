import { getEventListeners } from 'node:events';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { ProgressHub } from '../../src/sync/progress-hub.service';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** `@temporalio/client` adds an abort listener per call to the signal it is given (SPEC §7: no leak). */
describe('progress queries', () => {
  const stack = useSyncStack();

  it('leave no listener and no heap behind over thousands of queries', async () => {
    // A run that stays running while it is watched (1 request/s), cancelled at the end.
    const tenant = await createTenant(stack.api.url, stack.sim, { rate: 1 });
    const ids = await importEmails(stack.api.url, tenant, stopSaleEmails('leak', 60));
    const syncId = await startSync(stack.api.url, tenant, ids);
    const [run] = await queryDb('SELECT workflow_id FROM sync_runs WHERE sync_id = $1', [syncId]);
    const hub = stack.api.app.get(ProgressHub);
    const shutdown = (hub as unknown as { stopping: AbortController }).stopping.signal;

    // The workflow answers once its first task has run.
    const deadline = Date.now() + 30_000;
    while (!(await hub.queryProgress(run.workflow_id, 0)) && Date.now() < deadline);
    const queries = async (n: number) => {
      for (let i = 0; i < n; i += 10) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => hub.queryProgress(run.workflow_id, 0)),
        );
        for (const answer of answers)
          expect(answer).toMatchObject({ total: 60, status: 'running' });
      }
    };
    await queries(300);
    const before = heapMb();
    await queries(2000);
    const after = heapMb();
    console.log(
      `progress queries: 2000 made, abort listeners ${getEventListeners(shutdown, 'abort').length}, heap ${before.toFixed(1)} → ${after.toFixed(1)} MB`,
    );
    expect(getEventListeners(shutdown, 'abort')).toHaveLength(0);
    // The leak kept ~18 KB per query (36 MB for 2,000).
    expect(after - before).toBeLessThan(10);
    await call(stack.api.url, 'POST', `/api/sync/${syncId}/cancel`, { token: tenant.token });
    expect(await waitForRun(syncId)).toMatchObject({ status: 'cancelled' });
  });
});
