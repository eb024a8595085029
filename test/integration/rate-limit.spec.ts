import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useProcessStack } from '../support/sync-stack';

const LIMIT = 5;

describe('the Sedna rate limit across worker processes', () => {
  const stack = useProcessStack({
    sim: { rateLimitPerSecond: LIMIT },
    simProcess: true,
    workers: ['worker-1', 'worker-2'],
  });

  beforeAll(async () => {
    await simPost(stack.sim, 'agencies', {
      username: 'second',
      password: 'second-pass',
      operatorId: 3,
      operatorCode: 'SUNEX',
    });
  });

  it('holds each tenant to its limit with two workers, and two tenants progress together', async () => {
    const a = await createTenant(stack.api.url, stack.sim, { rate: LIMIT });
    const b = await createTenant(stack.api.url, stack.sim, {
      rate: LIMIT,
      username: 'second',
      password: 'second-pass',
      operatorId: 3,
    });
    const idsA = await importEmails(stack.api.url, a, stopSaleEmails('rla', 15));
    const idsB = await importEmails(stack.api.url, b, stopSaleEmails('rlb', 10));
    const [syncA, syncB] = await Promise.all([
      startSync(stack.api.url, a, idsA),
      startSync(stack.api.url, b, idsB),
    ]);
    const [runA, runB] = await Promise.all([waitForRun(syncA), waitForRun(syncB)]);
    expect(runA).toMatchObject({ status: 'completed', successful_count: 15 });
    expect(runB).toMatchObject({ status: 'completed', successful_count: 10 });

    const stats = (await simGet(stack.sim, 'stats')).agencies;
    for (const name of ['demo', 'second']) {
      const { perSecond, ...rest } = stats[name];
      console.log(name, JSON.stringify(rest), JSON.stringify(Object.values(perSecond)));
    }
    for (const agency of [stats.demo, stats.second]) {
      expect(agency.maxInSlidingSecond).toBeLessThanOrEqual(LIMIT);
      expect(agency.rateLimited).toBe(0);
      expect(agency.stopSalesCreated).toBeGreaterThan(0);
      // A login per worker process at most: requests that find one under way wait for it.
      expect(agency.logins).toBeLessThanOrEqual(stack.workers.length);
    }
    // A clean run logs no warning or error in either worker (their recent lines). The workers
    // share the dev server's task queues with every spec: a run another spec left retrying
    // against its stopped Sedna may land here, and its lines are not this run's.
    const others = (line: string) => {
      const workflowId = /"workflowId":"([^"]+)"/.exec(line)?.[1];
      return !!workflowId && !workflowId.includes(syncA) && !workflowId.includes(syncB);
    };
    for (const worker of stack.workers) {
      const noisy = worker
        .tail()
        .split('\n')
        .filter((line) => /"level":"(warn|error)"/.test(line) && !others(line));
      expect(noisy).toEqual([]);
    }
    // Both tenants were served at the same time: B finished items before A was done.
    const [lastA] = await queryDb(
      'SELECT max(processed_at) AS t FROM sync_items WHERE sync_run_id = $1',
      [runA.id],
    );
    const [firstB] = await queryDb(
      'SELECT min(processed_at) AS t FROM sync_items WHERE sync_run_id = $1',
      [runB.id],
    );
    expect(new Date(firstB.t).getTime()).toBeLessThan(new Date(lastA.t).getTime());
    console.log(
      `rate limit: A max ${stats.demo.maxInSlidingSecond}/s over ${stats.demo.requests} requests in ${runA.duration_seconds}s, ` +
        `B max ${stats.second.maxInSlidingSecond}/s over ${stats.second.requests} in ${runB.duration_seconds}s`,
    );
  });
});
