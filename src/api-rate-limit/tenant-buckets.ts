import type { RateBudget } from '../config/app-config';

interface Bucket {
  tokens: number;
  /** performance.now() of the last refill, in ms. */
  at: number;
}

/** Above this many tenants, buckets that have refilled are dropped: a full bucket holds no state. */
const SWEEP_ABOVE = 10_000;

/** One token bucket per tenant, in this process: `burst` at once, then `perSecond`. */
export class TenantBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly budget: RateBudget,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token: 0 when granted, else the seconds until one is due (nothing taken). */
  take(tenantId: string): number {
    const bucket = this.refilled(tenantId, this.now());
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.budget.perSecond;
  }

  /** Gives back a token taken by `take` (capped at the burst). */
  refund(tenantId: string): void {
    const bucket = this.refilled(tenantId, this.now());
    bucket.tokens = Math.min(this.budget.burst, bucket.tokens + 1);
  }

  private refilled(tenantId: string, now: number): Bucket {
    let bucket = this.buckets.get(tenantId);
    if (!bucket) {
      this.sweep(now);
      bucket = { tokens: this.budget.burst, at: now };
      this.buckets.set(tenantId, bucket);
    }
    bucket.tokens = this.tokensAt(bucket, now);
    bucket.at = now;
    return bucket;
  }

  private tokensAt(bucket: Bucket, now: number): number {
    const earned = ((now - bucket.at) / 1000) * this.budget.perSecond;
    return Math.min(this.budget.burst, bucket.tokens + earned);
  }

  // At most once a second, so that many busy tenants do not make every request scan them all.
  private sweep(now: number) {
    if (this.buckets.size < SWEEP_ABOVE || now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [tenantId, bucket] of this.buckets) {
      if (this.tokensAt(bucket, now) >= this.budget.burst) this.buckets.delete(tenantId);
    }
  }
}
