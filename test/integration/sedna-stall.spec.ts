import { sleep } from '../../scripts/local-stack';
import { queryDb } from '../support/db';
import { expectEachCreatedOnce } from '../support/effects';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  simGet,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { useProcessStack } from '../support/sync-stack';

const LIMIT = 2;
/** The workers' Sedna request timeout: the stall lasts several of them. */
const TIMEOUT_MS = 2000;
const STALL_MS = 12_000;
const ITEMS = 8;

/** Most timestamps (ms) inside any sliding second. */
function densestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j] - sorted[i] >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('the Sedna rate limit through a stall of Sedna', () => {
  const stack = useProcessStack({
    sim: { rateLimitPerSecond: LIMIT },
    simProcess: true,
    workers: ['worker-1', 'worker-2'],
    api: { sednaTimeoutMs: TIMEOUT_MS },
    workerEnv: { SEDNA_TIMEOUT_MS: String(TIMEOUT_MS) },
  });

  it('puts no more than the limit in any second when Sedna stops reading, then reads everything', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim, { rate: LIMIT });
    const ids = await importEmails(stack.api.url, tenant, stopSaleEmails('stall', ITEMS));
    const syncId = await startSync(stack.api.url, tenant, ids);
    // Sedna freezes once stop sales are being sent (the login and the lists are done).
    while ((await simGet(stack.sim, 'stats')).agencies.demo.stopSalesCreated < 1) await sleep(50);
    stack.simProcess!.politeSignal('SIGSTOP');
    const stoppedAt = Date.now();
    // Requests keep leaving for the frozen Sedna: the kernel accepts them into its buffers,
    // unread; each times out on our side several times over.
    await sleep(STALL_MS / 4);
    // The API's connection test answers while Sedna is frozen: the resume comes only after it.
    const probe = await call(stack.api.url, 'POST', '/api/settings/sedna/test', {
      token: tenant.token,
    });
    await sleep(STALL_MS - (Date.now() - stoppedAt));
    stack.simProcess!.politeSignal('SIGCONT');
    const resumedAt = Date.now();

    expect(probe.status).toBe(200);
    expect(probe.body.ok).toBe(false);
    console.log(`stall: the connection test during the stall: ${probe.body.detail}`);

    const run = await waitForRun(syncId);
    expect(run).toMatchObject({ status: 'completed', successful_count: ITEMS, failed_count: 0 });
    const { orphanHeaders } = await expectEachCreatedOnce(stack.sim, tenant);
    expect(orphanHeaders).toBe(0);

    const stats = (await simGet(stack.sim, 'stats')).agencies.demo;
    const arrivals: number[] = (await simGet(stack.sim, 'arrivals')).agencies.demo;
    const readAtResume = arrivals.filter((t) => t >= resumedAt - 100 && t < resumedAt + 1000);
    const [{ attempts }] = await queryDb<{ attempts: number }>(
      `SELECT max(i.attempts)::int AS attempts FROM sync_items i
         JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1`,
      [syncId],
    );
    console.log(
      `stall: Sedna stopped ${resumedAt - stoppedAt} ms (request timeout ${TIMEOUT_MS} ms, limit ${LIMIT}/s); ` +
        `${stats.requests} requests, densest second ${densestSecond(arrivals)} ` +
        `(sim: ${stats.maxInSlidingSecond}), ${stats.rateLimited} × 429, ${readAtResume.length} read in the second after resume; ` +
        `${ITEMS} items, run completed ${new Date(run.completed_at).getTime() - resumedAt} ms after resume; ` +
        `most attempts of an item ${attempts}`,
    );
    console.log(
      `stall: arrivals (ms from resume): ${arrivals.map((t) => t - resumedAt).join(' ')}`,
    );
    // The stall was felt: a request timed out (an item needed more than its two phases).
    expect(attempts).toBeGreaterThan(2);
    // Sedna's own count, over every arrival, the stalled ones read at once included.
    expect(densestSecond(arrivals)).toBeLessThanOrEqual(LIMIT);
    expect(stats.maxInSlidingSecond).toBeLessThanOrEqual(LIMIT);
    expect(stats.rateLimited).toBe(0);
    expect(stats.stopSalesCreated).toBe(ITEMS);
    expect(stats.phase2Calls).toBeGreaterThanOrEqual(ITEMS);
    expect(stats.duplicatesRejected).toBe(0);
  });
});
