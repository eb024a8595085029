/**
 * Issue 20 (4): the database counts of /metrics are loaded at most once per refresh interval,
 * once for scrapes that come together, and a failed or slow load leaves the last values, older.
 */
import { CachedCounts } from '../../src/metrics/cached-counts';

describe('CachedCounts', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('loads once for many scrapes within the interval, together or one after the other', async () => {
    let n = 0;
    const load = jest.fn(async () => ++n);
    const cache = new CachedCounts(load, 15_000, 1000, now);
    const together = await Promise.all(Array.from({ length: 5 }, () => cache.read()));
    expect(together.map((v) => v.values)).toEqual([1, 1, 1, 1, 1]);
    for (let i = 0; i < 5; i++) {
      clock += 2000;
      expect((await cache.read()).values).toBe(1);
    }
    expect(load).toHaveBeenCalledTimes(1);
    expect((await cache.read()).ageSeconds).toBe(10);
    clock += 5000;
    expect(await cache.read()).toEqual({ values: 2, ageSeconds: 0 });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the last values when a load fails, and asks again only after the interval', async () => {
    const load = jest.fn<Promise<string>, []>().mockResolvedValueOnce('first');
    const cache = new CachedCounts(load, 15_000, 1000, now);
    expect((await cache.read()).values).toBe('first');
    load.mockRejectedValue(new Error('connection refused'));
    clock += 15_000;
    expect(await cache.read()).toEqual({ values: 'first', ageSeconds: 15 });
    clock += 5000;
    expect(await cache.read()).toEqual({ values: 'first', ageSeconds: 20 });
    expect(load).toHaveBeenCalledTimes(2);
    load.mockResolvedValue('second');
    clock += 10_000;
    expect(await cache.read()).toEqual({ values: 'second', ageSeconds: 0 });
  });

  it('answers with the last values while a load hangs, and one load at a time', async () => {
    let finish: (v: string) => void = () => undefined;
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('old')
      .mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const cache = new CachedCounts(load, 15_000, 20, now);
    await cache.read();
    clock += 30_000;
    expect(await cache.read()).toEqual({ values: 'old', ageSeconds: 30 });
    clock += 30_000;
    // Still loading: no second load, the old values again.
    expect(await cache.read()).toEqual({ values: 'old', ageSeconds: 60 });
    expect(load).toHaveBeenCalledTimes(2);
    finish('new');
    await new Promise((r) => setImmediate(r));
    expect((await cache.read()).values).toBe('new');
  });

  it('has no values before the first load answers; their age runs from the start', async () => {
    const load = jest.fn(() => new Promise<number>(() => undefined));
    const cache = new CachedCounts(load, 15_000, 20, now);
    clock += 3000;
    expect(await cache.read()).toEqual({ values: undefined, ageSeconds: 3 });
  });
});
