import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG, AppConfig, RateBudget } from '../config/app-config';
import { TenantBuckets } from './tenant-buckets';

/** `requests`: every authenticated request; `workflow_starts`: the ones that start Temporal work. */
export type RateScope = 'requests' | 'workflow_starts';

/** Above this many entries, expired cool-downs are dropped (at most once a second). */
const SWEEP_ABOVE = 10_000;

/**
 * One atomic statement per request: refill the tenant's bucket on the database clock, take a
 * token if there is one, and say whether it did. Rows are only ever created or rewritten here.
 */
const TAKE_SQL = `
  INSERT INTO api_rate_buckets AS b (tenant_id, scope, tokens, updated_at, granted)
  VALUES ($1, $2, $3::float8 - 1, clock_timestamp(), true)
  ON CONFLICT (tenant_id, scope) DO UPDATE SET
    tokens = least($3::float8, b.tokens + $4::float8 *
               greatest(0, extract(epoch FROM clock_timestamp() - b.updated_at)::float8))
             - CASE WHEN least($3::float8, b.tokens + $4::float8 *
               greatest(0, extract(epoch FROM clock_timestamp() - b.updated_at)::float8)) >= 1
               THEN 1 ELSE 0 END,
    granted = least($3::float8, b.tokens + $4::float8 *
               greatest(0, extract(epoch FROM clock_timestamp() - b.updated_at)::float8)) >= 1,
    updated_at = greatest(b.updated_at, clock_timestamp())
  RETURNING granted, tokens`;

/**
 * The per-tenant API budget, shared by all API replicas through PostgreSQL (`api_rate_buckets`),
 * with an in-process pre-filter so a flood does not cost a database round trip per refusal:
 *
 * - A local bucket of the same budget is charged only for the requests the shared bucket grants
 *   (a refusal gives its token back). It is charged for a subset of what the shared bucket is
 *   charged for, refills at the same rate and starts full, so it never holds fewer tokens than
 *   the shared one: what it refuses, the shared bucket would refuse too (up to the skew between
 *   the two clocks). With one replica serving a tenant, it refuses nearly all of a flood alone.
 * - A refusal from the shared bucket returns its tokens, so the time until it holds one again is
 *   known; until then this process refuses the tenant without asking (other replicas can only
 *   take tokens meanwhile, never add). So each replica asks at most about once per refill of a
 *   token for a tenant that floods it, whatever the flood's rate.
 *
 * If the database cannot be asked, the local bucket decides alone (the request's own queries
 * then answer 503): an outage never turns every request into a 429.
 */
@Injectable()
export class SharedRateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger('SharedRateLimiter');
  private readonly budgets: Record<RateScope, RateBudget>;
  private readonly local: Record<RateScope, TenantBuckets>;
  /** performance.now() until which the shared bucket of `scope\0tenant` is known to be empty. */
  private readonly emptyUntil = new Map<string, number>();
  private lastSweep = 0;
  private readonly pool: Pool;
  private failing = false;
  /** Decisions taken here without the database, and round trips to it (tests, metrics). */
  readonly stats = { refusedLocally: 0, asked: 0 };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { workflowStarts, ...requests } = config.apiRateLimit;
    this.budgets = { requests, workflow_starts: workflowStarts };
    this.local = {
      requests: new TenantBuckets(requests),
      workflow_starts: new TenantBuckets(workflowStarts),
    };
    // Its own few connections: a decision never waits behind the requests' own queries.
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      max: 3,
      connectionTimeoutMillis: 1000,
      query_timeout: 1000,
      application_name: 'api-rate-limit',
    });
    // An idle connection dropped by a restarting server: the next query opens another.
    this.pool.on('error', () => undefined);
  }

  /** Takes one token: 0 when granted, else the seconds until one is due. */
  async take(tenantId: string, scope: RateScope): Promise<number> {
    const key = `${scope}\0${tenantId}`;
    const now = performance.now();
    const until = this.emptyUntil.get(key);
    if (until !== undefined) {
      if (now < until) {
        this.stats.refusedLocally++;
        return (until - now) / 1000;
      }
      this.emptyUntil.delete(key);
    }
    const local = this.local[scope];
    const localWait = local.take(tenantId);
    if (localWait) {
      this.stats.refusedLocally++;
      return localWait;
    }
    this.stats.asked++;
    const budget = this.budgets[scope];
    let row: { granted: boolean; tokens: number };
    try {
      [row] = (
        await this.pool.query<{ granted: boolean; tokens: number }>(TAKE_SQL, [
          tenantId,
          scope,
          budget.burst,
          budget.perSecond,
        ])
      ).rows;
      this.recovered();
    } catch (err) {
      this.failed(err);
      return 0;
    }
    if (row.granted) return 0;
    local.refund(tenantId);
    const wait = (1 - row.tokens) / budget.perSecond;
    this.sweep(now);
    this.emptyUntil.set(key, now + wait * 1000);
    return wait;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private sweep(now: number) {
    if (this.emptyUntil.size < SWEEP_ABOVE || now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, until] of this.emptyUntil) if (until <= now) this.emptyUntil.delete(key);
  }

  private failed(err: unknown) {
    if (this.failing) return;
    this.failing = true;
    const message = err instanceof Error ? err.message : String(err);
    this.logger.warn(`Shared rate limit unavailable, limiting in this process only: ${message}`);
  }

  private recovered() {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log('Shared rate limit available again');
  }
}
