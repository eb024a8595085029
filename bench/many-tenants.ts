/**
 * The many-tenants section of `npm run bench` (SPEC §7): many tenants syncing at once, each
 * with its own simulator agency, so that every tenant's own limit can be checked.
 */
import type { Client as TemporalClient } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import type { Client as PgClient } from 'pg';
import type { LocalStack } from '../scripts/app-stack';
import { makeDevToken } from '../scripts/seed-demo';
import { benchEmails } from './bench-data';
import { traceSlowestRun } from './trace-run';

export interface BenchTools {
  http<T>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  sim<T>(method: string, path: string, body?: unknown): Promise<T>;
  record(section: string, measure: string, value: number | string, against: string): void;
  temporal: TemporalClient;
}

interface AgencyStats {
  requests: number;
  rateLimited: number;
  maxInSlidingSecond: number;
}

const RATE = 5;

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += width)
    await Promise.all(items.slice(i, i + width).map(work));
}

function rssMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (!pid) return NaN;
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return match ? Number(match[1]) / 1024 : NaN;
}

/** `count` tenants, each with its own agency and `perTenant` stop sales; returns tokens and ids. */
async function tenants(
  stack: LocalStack,
  tools: BenchTools,
  name: string,
  count: number,
  perTenant: number,
) {
  const made: { id: string; token: string; ids: number[] }[] = [];
  await inBatches(
    Array.from({ length: count }, (_, i) => `${name}-${i}`),
    20,
    async (id) => {
      await tools.sim('POST', 'agencies', {
        username: id,
        password: `${id}-pass`,
        operatorId: 571,
        operatorCode: '7STAR',
      });
      const token = makeDevToken(stack.jwtSecret, id, '1d');
      await tools.http(token, 'PUT', '/api/settings/sedna', {
        api_url: stack.simulatorUrl,
        username: id,
        password: `${id}-pass`,
        operator_id: 571,
        operator_code: '7STAR',
        rate_limit_per_second: RATE,
      });
      const { ids } = await tools.http<{ ids: number[] }>(token, 'POST', '/api/emails', {
        emails: benchEmails(id, perTenant, 0),
      });
      made.push({ id, token, ids });
    },
  );
  return made;
}

/** Starts one sync per tenant at once; resolves with the wall time from first start to last end. */
async function syncAll(
  tools: BenchTools,
  db: PgClient,
  made: { token: string; ids: number[] }[],
): Promise<{ seconds: number; statuses: Record<string, number>; syncIds: string[] }> {
  const syncIds: string[] = [];
  await inBatches(made, 50, async ({ token, ids }) => {
    const { sync_id } = await tools.http<{ sync_id: string }>(token, 'POST', '/api/sync/emails', {
      email_ids: ids,
    });
    syncIds.push(sync_id);
  });
  for (;;) {
    const {
      rows: [row],
    } = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'running')::int AS running,
              extract(epoch FROM max(completed_at) - min(started_at)) AS seconds
         FROM sync_runs WHERE sync_id = ANY($1)`,
      [syncIds],
    );
    if (row.running === 0) {
      const { rows } = await db.query(
        `SELECT status, count(*)::int AS n FROM sync_runs WHERE sync_id = ANY($1) GROUP BY status`,
        [syncIds],
      );
      return {
        seconds: Number(row.seconds),
        statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])),
        syncIds,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function agencyStats(tools: BenchTools, names: string[]) {
  const { agencies } = await tools.sim<{ agencies: Record<string, AgencyStats> }>('GET', 'stats');
  const mine = names.map((name) => agencies[name]).filter(Boolean);
  return {
    maxInSlidingSecond: Math.max(...mine.map((a) => a.maxInSlidingSecond)),
    rateLimited: mine.reduce((n, a) => n + a.rateLimited, 0),
    requests: mine.reduce((n, a) => n + a.requests, 0),
  };
}

/**
 * Syncs every tenant in `made` at once and records under `section` the runs by status (all
 * completed expected) and the wall time; returns the wall time and the tenants' rate budget.
 */
async function syncAtOnce(
  tools: BenchTools,
  db: PgClient,
  section: string,
  made: { id: string; token: string; ids: number[] }[],
  wallTimeTarget: string,
) {
  const { seconds, statuses, syncIds } = await syncAll(tools, db, made);
  const stats = await agencyStats(
    tools,
    made.map((t) => t.id),
  );
  tools.record(
    section,
    'runs by status',
    JSON.stringify(statuses),
    JSON.stringify({ completed: made.length }),
  );
  tools.record(section, 'wall time (s)', seconds, wallTimeTarget);
  // A trace that fails (a history not found…) leaves the figures standing.
  await traceSlowestRun(db, tools.temporal, syncIds, (measure, value, against) =>
    tools.record(section, measure, value, against),
  ).catch((err: unknown) => console.log(`  trace failed: ${String(err)}`));
  return { seconds, stats };
}

function recordRateBudget(
  tools: BenchTools,
  section: string,
  stats: { maxInSlidingSecond: number; rateLimited: number },
) {
  tools.record(
    section,
    'max requests in any sliding second, any tenant / 429s',
    `${stats.maxInSlidingSecond} / ${stats.rateLimited}`,
    `≤ ${RATE} / 0`,
  );
}

/** Sedna latencies the 200-tenant shape runs against: one that answers at once, one at 20 ms. */
const LATENCIES_MS = [0, 20];
/** BENCH_TENANTS: which parts run, `200` and/or `1000` (default both). */
const PARTS = (process.env.BENCH_TENANTS ?? '200,1000').split(',');

/**
 * 200 tenants × 3 stop sales at once against a Sedna answering after `latencyMs`, and the same
 * 600 stop sales as one unthrottled run (the ideal) against the same Sedna.
 */
async function twoHundredTenants(
  stack: LocalStack,
  db: PgClient,
  tools: BenchTools,
  latencyMs: number,
) {
  await tools.sim('POST', 'config', { rateLimitPerSecond: 0, latencyMs });
  // What the work needs at the ceiling: the same 600 stop sales as one tenant's run, unthrottled.
  const [reference] = await tenants(stack, tools, `bench-mt-ref-${latencyMs}`, 1, 600);
  await tools.http(reference.token, 'PUT', '/api/settings/sedna', {
    api_url: stack.simulatorUrl,
    username: reference.id,
    password: `${reference.id}-pass`,
    operator_id: 571,
    operator_code: '7STAR',
    rate_limit_per_second: 1000,
  });
  const alone = await syncAll(tools, db, [reference]);
  await tools.sim('POST', 'config', { rateLimitPerSecond: RATE });

  const section = `Many tenants (200 tenants × 3 stop sales at once, 5/s each, Sedna ${latencyMs} ms)`;
  const made = await tenants(stack, tools, `bench-mt-${latencyMs}`, 200, 3);
  const many = await syncAtOnce(tools, db, section, made, 'ideal: the same 600 items as one run');
  tools.record(section, 'one tenant, same 600 items, unthrottled (s)', alone.seconds, 'the ideal');
  tools.record(section, 'wall time ÷ ideal', many.seconds / alone.seconds, '≤ 1.5');
  recordRateBudget(tools, section, many.stats);
}

export async function manyTenants(stack: LocalStack, db: PgClient, tools: BenchTools) {
  await tools.sim('POST', 'reset');
  if (PARTS.includes('200'))
    for (const latencyMs of LATENCIES_MS) await twoHundredTenants(stack, db, tools, latencyMs);
  if (!PARTS.includes('1000')) return;

  await tools.sim('POST', 'config', { rateLimitPerSecond: RATE, latencyMs: 20 });
  const section1000 = 'Many tenants (1,000 tenants with settings, 1 stop sale each at once)';
  const thousand = await tenants(stack, tools, 'bench-mk', 1000, 1);
  const workerPid = stack.workers[0]?.child.pid;
  const before = rssMb(workerPid, 'VmRSS');
  const big = await syncAtOnce(tools, db, section1000, thousand, 'recorded');
  tools.record(
    section1000,
    'worker RSS before / after / peak of the whole bench (MB)',
    `${before.toFixed(0)} / ${rssMb(workerPid, 'VmRSS').toFixed(0)} / ${rssMb(workerPid, 'VmHWM').toFixed(0)}`,
    '≤ 600',
  );
  recordRateBudget(tools, section1000, big.stats);
}
