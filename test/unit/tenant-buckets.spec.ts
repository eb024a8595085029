import { TenantBuckets } from '../../src/api-rate-limit/tenant-buckets';

describe('TenantBuckets', () => {
  let now = 0;
  const buckets = () => new TenantBuckets({ perSecond: 2, burst: 3 }, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('grants the burst at once, then refuses with the seconds until the next token', () => {
    const limiter = buckets();
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeCloseTo(0.5);
    now += 250;
    expect(limiter.take('a')).toBeCloseTo(0.25);
    now += 250;
    expect(limiter.take('a')).toBe(0);
  });

  it('keeps tenants apart', () => {
    const limiter = buckets();
    for (let i = 0; i < 3; i++) limiter.take('a');
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('refills up to the burst, never beyond', () => {
    const limiter = buckets();
    for (let i = 0; i < 3; i++) limiter.take('a');
    now += 60_000;
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('takes back a refunded token, never beyond the burst', () => {
    const limiter = buckets();
    for (let i = 0; i < 3; i++) limiter.take('a');
    limiter.refund('a');
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    const full = buckets();
    full.refund('b');
    expect([1, 2, 3].map(() => full.take('b'))).toEqual([0, 0, 0]);
    expect(full.take('b')).toBeGreaterThan(0);
  });
});
