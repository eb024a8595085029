import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { RequestPacer } from '../../src/sedna/request-pacer';
import { queryDb } from '../support/db';

/** Most timestamps (ms) inside any window of `windowMs`. */
function densest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j] - sorted[i] >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** The Sedna request timeout the pacers are built with; a request in flight holds its place this long (+ 5 s). */
const TIMEOUT_MS = 30_000;
const IN_FLIGHT_MS = TIMEOUT_MS + 5000;

describe('RequestPacer', () => {
  let pools: DataSource[];

  beforeAll(async () => {
    // Two pools stand for two worker processes sharing the tenant's budget.
    pools = await Promise.all(
      [1, 2].map(() =>
        new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 20)).initialize(),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
  });

  it('lets no more than the limit through in any second, across processes, and uses the budget', async () => {
    const tenant = `pacer-${Date.now()}`;
    await queryDb('INSERT INTO tenants (id) VALUES ($1)', [tenant]);
    const limit = 5;
    const requests = 40;
    const pacers = pools.map((p) => new RequestPacer(p, TIMEOUT_MS));
    const sentAt: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: requests }, async (_, i) => {
        await pacers[i % 2].waitForTurn(tenant, limit);
        const answered = await pacers[i % 2].claim(tenant, limit);
        sentAt.push(Date.now());
        answered();
      }),
    );
    const [{ latest_arrivals }] = await queryDb(
      `SELECT array_length(latest_arrivals, 1) AS latest_arrivals FROM sedna_request_slots WHERE tenant_id = $1`,
      [tenant],
    );
    expect(latest_arrivals).toBe(limit);
    expect(densest(sentAt, 1000)).toBeLessThanOrEqual(limit);
    // 40 requests at 5/s need 7.8 s after the first; well under twice that.
    const elapsed = Math.max(...sentAt) - started;
    console.log(
      `pacer: ${requests} requests in ${elapsed} ms, densest second ${densest(sentAt, 1000)}`,
    );
    expect(elapsed).toBeGreaterThan(((requests - limit) / limit) * 1000);
  });

  it("counts an answered request's arrival from its answer", async () => {
    const tenant = `pacer-answered-${Date.now()}`;
    await queryDb('INSERT INTO tenants (id) VALUES ($1)', [tenant]);
    const pacer = new RequestPacer(pools[0], TIMEOUT_MS);
    const bounds = async () =>
      (
        await queryDb<{ at: string }>(
          `SELECT extract(epoch FROM a) * 1000 AS at
             FROM sedna_request_slots, unnest(latest_arrivals) a WHERE tenant_id = $1`,
          [tenant],
        )
      ).map((r) => Number(r.at));
    await pacer.waitForTurn(tenant, 5);
    const answered = await pacer.claim(tenant, 5);
    const [pending] = await bounds();
    answered();
    // The write is not awaited by the request: wait for it here.
    let settled = pending;
    for (let i = 0; i < 50 && settled === pending; i++) {
      await new Promise((r) => setTimeout(r, 20));
      [settled] = await bounds();
    }
    expect(settled).toBeLessThan(pending);
    // In flight it held its place for the whole timeout; answered, from its answer (after the claim).
    expect(pending - settled).toBeLessThanOrEqual(IN_FLIGHT_MS);
    expect(pending - settled).toBeGreaterThan(IN_FLIGHT_MS - 5000);
  });

  it('keeps the place of a request in flight until it is over, however late', async () => {
    const tenant = `pacer-in-flight-${Date.now()}`;
    await queryDb('INSERT INTO tenants (id) VALUES ($1)', [tenant]);
    const limit = 2;
    const pacer = new RequestPacer(pools[0], TIMEOUT_MS);
    const next = async () => {
      await pacer.waitForTurn(tenant, limit);
      return pacer.claim(tenant, limit);
    };
    const first = await next();
    const second = await next();
    let thirdAt: number | null = null;
    const third = next().then((answered) => {
      thirdAt = Date.now();
      return answered;
    });
    // Long past any arrival margin, both are still in flight: the third waits.
    await new Promise((r) => setTimeout(r, 1500));
    expect(thirdAt).toBeNull();
    first();
    const firstOverAt = Date.now();
    (await third)();
    second();
    // The first counts from the moment it was over, for a whole second.
    expect(thirdAt! - firstOverAt).toBeGreaterThanOrEqual(900);
  });
});
