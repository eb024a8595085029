import { expectEachCreatedOnce } from '../support/effects';
import {
  createTenant,
  importEmails,
  simGet,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useProcessStack } from '../support/sync-stack';

const LIMIT = 5;

describe('the Sedna rate budget on the real Temporal server (default partitions)', () => {
  const stack = useProcessStack({
    sim: { rateLimitPerSecond: LIMIT },
    simProcess: true,
    workers: ['worker-1', 'worker-2'],
  });

  it('sends 40 stop sales at 5/s from two workers: never over the limit, never a 429', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim, { rate: LIMIT });
    const ids = await importEmails(stack.api.url, tenant, stopSaleEmails('budget', 40));
    const run = await waitForRun(await startSync(stack.api.url, tenant, ids), 180_000);
    expect(run).toMatchObject({ status: 'completed', successful_count: 40, failed_count: 0 });

    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    console.log(
      `rate budget: ${stats.requests} requests, max ${stats.maxInSlidingSecond} in a sliding second, ` +
        `${stats.rateLimited} rate-limited, ${run.duration_seconds}s`,
    );
    expect(stats.maxInSlidingSecond).toBeLessThanOrEqual(LIMIT);
    expect(stats.rateLimited).toBe(0);
    expect(stats.stopSalesCreated).toBe(40);
    expect(stats.duplicatesRejected).toBe(0);
    const { orphanHeaders } = await expectEachCreatedOnce(stack.sim, tenant);
    expect(orphanHeaders).toBe(0);
  });
});
