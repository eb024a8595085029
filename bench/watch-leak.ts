/**
 * The "an hour of watching leaks nothing" section of `npm run bench` (SPEC §7): one SSE client
 * watches a long, slow run while the API's memory is sampled. Opt-in (BENCH_ONLY=watch), as it
 * lasts BENCH_WATCH_MINUTES (default 60).
 */
import { EventSource } from 'eventsource';
import { readFileSync } from 'node:fs';
import type { Client as PgClient } from 'pg';
import type { LocalStack } from '../scripts/app-stack';
import { makeDevToken } from '../scripts/seed-demo';
import { DEMO_AGENCY } from '../sedna-sim/reference-data';
import { benchEmails } from './bench-data';
import type { BenchTools } from './many-tenants';

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function progressQueries(stack: LocalStack): Promise<number> {
  const text = await (await fetch(`${stack.apiUrl}/metrics`)).text();
  return Number(/sedna_progress_queries_total (\d+)/.exec(text)?.[1] ?? NaN);
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

export async function watchLeak(stack: LocalStack, _db: PgClient, tools: BenchTools) {
  const minutes = Number(process.env.BENCH_WATCH_MINUTES ?? 60);
  await tools.sim('POST', 'reset');
  await tools.sim('POST', 'config', { rateLimitPerSecond: 0, latencyMs: 20 });
  const tenant = 'bench-watch';
  const token = makeDevToken(stack.jwtSecret, tenant, '2d');
  // 1 request/s and 2 requests a stop sale: enough items to outlast the watch.
  const items = Math.ceil((minutes * 60) / 2) + 60;
  await tools.http(token, 'PUT', '/api/settings/sedna', {
    api_url: stack.simulatorUrl,
    username: DEMO_AGENCY.username,
    password: DEMO_AGENCY.password,
    operator_id: DEMO_AGENCY.operatorId,
    operator_code: DEMO_AGENCY.operatorCode,
    rate_limit_per_second: 1,
  });
  const ids: number[] = [];
  const emails = benchEmails('watch', items, 0);
  for (let i = 0; i < emails.length; i += 100) {
    const { ids: more } = await tools.http<{ ids: number[] }>(token, 'POST', '/api/emails', {
      emails: emails.slice(i, i + 100),
    });
    ids.push(...more);
  }
  const { sync_id } = await tools.http<{ sync_id: string }>(token, 'POST', '/api/sync/emails', {
    email_ids: ids,
  });
  let events = 0;
  const source = new EventSource(
    `${stack.apiUrl}/api/sync/${sync_id}/progress?access_token=${token}`,
  );
  source.onmessage = () => events++;
  const pid = stack.api.child.pid;
  const queriesBefore = await progressQueries(stack);
  const started = Date.now();
  const xs: number[] = [];
  const ys: number[] = [];
  while (Date.now() - started < minutes * 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    xs.push((Date.now() - started) / 3_600_000);
    ys.push(rssMb(pid));
  }
  const queries = (await progressQueries(stack)) - queriesBefore;
  source.close();
  await tools.http(token, 'POST', `/api/sync/${sync_id}/cancel`);
  // The first few minutes hold the process's warm-up (JIT, pools): the trend is read after them.
  const skip = Math.min(Math.floor(xs.length / 4), 8);
  const section = `Watching one run (${minutes} min, 1 SSE client)`;
  tools.record(section, 'events received / progress queries made', `${events} / ${queries}`, '—');
  tools.record(
    section,
    'API RSS first / last sample (MB)',
    `${ys[0]?.toFixed(0)} / ${ys[ys.length - 1]?.toFixed(0)}`,
    'flat',
  );
  tools.record(
    section,
    'API RSS trend after warm-up (MB per hour)',
    slope(xs.slice(skip), ys.slice(skip)),
    '≈ 0 (the leak was ~500 MB/h)',
  );
}
