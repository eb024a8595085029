/**
 * The noisy-neighbour section of `npm run bench` (SPEC §9): tenant A floods the pending list
 * at 50 requests a second while tenant B browses; B's latency is the figure. The API runs in
 * its own process, as in production.
 */
import type { Client as PgClient } from 'pg';
import type { LocalStack } from '../scripts/app-stack';
import { makeDevToken } from '../scripts/seed-demo';
import { benchEmails } from './bench-data';
import type { BenchTools } from './many-tenants';

const SECTION = 'Noisy neighbour (A floods the pending list at 50/s for 10 s)';
const PAGE = '/api/emails/pending?limit=50';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timedGet(stack: LocalStack, token: string, path: string) {
  const started = performance.now();
  const res = await fetch(`${stack.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { status: res.status, ms: performance.now() - started, bytes };
}

export async function noisyNeighbour(stack: LocalStack, db: PgClient, tools: BenchTools) {
  const tokens: string[] = [];
  for (const id of ['bench-noisy-a', 'bench-noisy-b']) {
    const token = makeDevToken(stack.jwtSecret, id, '1d');
    // 60 e-mails of 50 stop sales each: pages that would be heavy if they listed every item.
    const emails = benchEmails(id, 3000, 0);
    for (let i = 0; i < emails.length; i += 20)
      await tools.http(token, 'POST', '/api/emails', { emails: emails.slice(i, i + 20) });
    tokens.push(token);
  }
  const [a, b] = tokens;

  const quiet: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const res = await timedGet(stack, b, PAGE);
    quiet.push(res.ms);
    bytes = res.bytes;
  }
  tools.record(
    'Pending list (50 e-mails × 50 items, no load)',
    'page bytes / p50 ms',
    `${bytes} / ${percentile(quiet, 50).toFixed(0)}`,
    'small and fast',
  );

  // The bench stack's burst is 1000 (for the SSE section): A starts with an empty bucket, so
  // what it gets is the steady 20/s of the default budget.
  await db.query(
    `INSERT INTO api_rate_buckets (tenant_id, scope, tokens, updated_at, granted)
     VALUES ('bench-noisy-a', 'requests', 0, clock_timestamp(), true)
     ON CONFLICT (tenant_id, scope) DO UPDATE SET tokens = 0, updated_at = clock_timestamp()`,
  );
  const flood: Promise<{ status: number }>[] = [];
  const flooding = (async () => {
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) {
      const due = t0 + i * 20 - performance.now();
      if (due > 0) await sleep(due);
      flood.push(timedGet(stack, a, PAGE));
    }
  })();
  const calm: { status: number; ms: number }[] = [];
  const until = performance.now() + 10_000;
  while (performance.now() < until) {
    calm.push(await timedGet(stack, b, PAGE));
    await sleep(50);
  }
  await flooding;
  const flooded = await Promise.all(flood);
  const ms = calm.map((res) => res.ms);
  tools.record(
    SECTION,
    "B's p50 / p95 (ms)",
    `${percentile(ms, 50).toFixed(0)} / ${percentile(ms, 95).toFixed(0)}`,
    'p95 ≤ 200',
  );
  tools.record(
    SECTION,
    "A's 429s / requests",
    `${flooded.filter((res) => res.status === 429).length} / ${flooded.length}`,
    '> 0 (served at 20/s)',
  );
  tools.record(
    SECTION,
    "B's non-200 answers",
    calm.filter((res) => res.status !== 200).length,
    `0 of ${calm.length}`,
  );
}
