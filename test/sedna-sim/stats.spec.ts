import { MAX_ARRIVALS_KEPT, RateLimiter, StatsBook } from '../../sedna-sim/stats';

describe('StatsBook', () => {
  it('finds the densest sliding second across calendar seconds', () => {
    const book = new StatsBook();
    // 3 requests late in second 100 and 3 early in second 101: 3 per calendar second, 6 in 1000 ms.
    for (const t of [100_700, 100_800, 100_900, 101_000, 101_100, 101_200]) {
      book.record('demo', 'lookup', t);
    }
    book.record('demo', 'lookup', 102_300);
    const demo = book.snapshot([]).agencies.demo;
    expect(demo).toMatchObject({ requests: 7, maxPerSecond: 3, maxInSlidingSecond: 6 });
    expect(demo.perSecond).toEqual({ 100: 3, 101: 3, 102: 1 });
    expect(book.arrivals().agencies.demo).toEqual([
      100_700, 100_800, 100_900, 101_000, 101_100, 101_200, 102_300,
    ]);
  });

  it('lists known agencies with zeros and keeps at most an hour of seconds', () => {
    const book = new StatsBook();
    expect(book.snapshot(['demo']).agencies.demo.requests).toBe(0);
    for (let second = 0; second < 3700; second += 1) book.record('demo', 'lookup', second * 1000);
    const demo = book.snapshot([]).agencies.demo;
    expect(Object.keys(demo.perSecond)).toHaveLength(3600);
    expect(demo.requests).toBe(3700);
    const arrivals = book.arrivals().agencies.demo;
    expect(arrivals).toHaveLength(3700);
    for (let i = 0; i < MAX_ARRIVALS_KEPT; i += 1) book.record('demo', 'lookup', 4_000_000 + i);
    const kept = book.arrivals().agencies.demo;
    expect(kept).toHaveLength(MAX_ARRIVALS_KEPT);
    expect(kept[0]).toBe(4_000_000);
  });
});

describe('RateLimiter', () => {
  it('admits at most the limit in any 1000 ms window', () => {
    const limiter = new RateLimiter();
    const admitted = [0, 100, 200, 300, 999, 1000, 1001, 1100].map((t) =>
      limiter.admit('demo', t, 3),
    );
    // At 1001 the window (1, 1001] still holds 100, 200 and 1000; at 1100 only 200 and 1000.
    expect(admitted).toEqual([true, true, true, false, false, true, false, true]);
    expect(limiter.admit('other', 1100, 3)).toBe(true);
    expect(limiter.admit('demo', 1100, 0)).toBe(true);
  });
});
