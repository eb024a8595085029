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

/** How long a request in flight holds its place unless its process renews it (the default lease). */
const LEASE_MS = 30_000;

/** How far ahead (ms) each of the tenant's places held by a request in flight reaches. */
async function inFlight(tenant: string): Promise<number[]> {
  const rows = await queryDb<{ ahead: string }>(
    `SELECT extract(epoch FROM a - clock_timestamp()) * 1000 AS ahead
       FROM sedna_request_slots, unnest(latest_arrivals) a
      WHERE tenant_id = $1 AND a > clock_timestamp()`,
    [tenant],
  );
  return rows.map((r) => Number(r.ahead));
}

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
    const pacers = pools.map((p) => new RequestPacer(p));
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
    const pacer = new RequestPacer(pools[0]);
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
    // In flight it held its place for a whole lease; answered, from its answer (after the claim).
    expect(pending - settled).toBeLessThanOrEqual(LEASE_MS);
    expect(pending - settled).toBeGreaterThan(LEASE_MS - 5000);
  });

  it('keeps the place of a request in flight until it is over, however late', async () => {
    const tenant = `pacer-in-flight-${Date.now()}`;
    await queryDb('INSERT INTO tenants (id) VALUES ($1)', [tenant]);
    const limit = 2;
    const pacer = new RequestPacer(pools[0]);
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

  it("keeps a request's place past its lease while its process renews it, and frees a dead process's after the lease", async () => {
    const tenant = `pacer-lease-${Date.now()}`;
    await queryDb('INSERT INTO tenants (id) VALUES ($1)', [tenant]);
    const lease = { ms: 600, renewEveryMs: 150 };
    const next = async (pacer: RequestPacer) => {
      await pacer.waitForTurn(tenant, 1);
      return pacer.claim(tenant, 1);
    };
    const first = await next(new RequestPacer(pools[0], lease));
    // Another process asks meanwhile: four leases pass, renewed, and it is still held back.
    let secondAt: number | null = null;
    const other = new RequestPacer(pools[1], lease);
    const second = next(other).then((answered) => {
      secondAt = Date.now();
      return answered;
    });
    await new Promise((r) => setTimeout(r, 4 * lease.ms));
    expect(secondAt).toBeNull();
    // One place held, renewed in place (its bound a lease or less ahead).
    const held = await inFlight(tenant);
    expect(held).toHaveLength(1);
    expect(held[0]).toBeLessThanOrEqual(lease.ms);
    first();
    const firstOverAt = Date.now();
    // Over, it counts from its end: nothing is held any more (until the second's claim).
    let left = held;
    for (let i = 0; i < 50 && left.length > 0 && secondAt === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = await inFlight(tenant);
    }
    if (secondAt === null) expect(left).toEqual([]);
    (await second)();
    expect(secondAt! - firstOverAt).toBeGreaterThanOrEqual(900);

    // A process that dies in flight renews nothing: its place frees a lease (+ 1 s) later.
    const doomed = await new DataSource(
      dataSourceOptions(process.env.DATABASE_URL!, 2),
    ).initialize();
    await new Promise((r) => setTimeout(r, 1100));
    await next(new RequestPacer(doomed, lease));
    const diedAt = Date.now();
    await doomed.destroy();
    (await next(other))();
    const freedAfter = Date.now() - diedAt;
    expect(freedAfter).toBeGreaterThanOrEqual(lease.ms + 1000 - 300);
  });
});
