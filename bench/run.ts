/**
 * `npm run bench`: the SPEC §7 targets as figures from one run on a throwaway local stack
 * (Temporal dev server, PostgreSQL, simulator, API and worker processes); the Sedna budget runs
 * a second time on the real Temporal server (PostgreSQL, 4 history shards, default task-queue
 * partitions). Prints one table, writes bench/results/latest.json and docs/BENCHMARKS.md. Not
 * part of `npm test`.
 */
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { EventSource } from 'eventsource';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { LocalStack, startLocalStack } from '../scripts/app-stack';
import { REPO_ROOT } from '../scripts/managed-process';
import { makeDevToken } from '../scripts/seed-demo';
import { DEMO_AGENCY } from '../sedna-sim/reference-data';
import { benchEmails } from './bench-data';
import { cpuByRole, cpuSpent } from './cpu-by-role';
import { BenchTools, manyTenants } from './many-tenants';
import { noisyNeighbour } from './noisy-neighbour';
import { watchLeak } from './watch-leak';
import { plainLoop } from './plain-loop';
import { skeletonItemsPerSecondInWorkerProcess } from './skeleton/run';

/** The real worker's defaults (src/config/app-config.ts), for the skeleton's worker. */
const SKELETON_SHAPE = { window: 50, itemsPerRun: 500, maxCachedWorkflows: 1000, maxCalls: 500 };

interface Row {
  section: string;
  measure: string;
  value: string;
  against: string;
}

const ANALYSIS_MARKER = '<!-- analysis: kept across runs -->';
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);

/**
 * How the API and worker run: `dist` as the image runs them (`npm run build`, `node dist/…`,
 * prebuilt workflow bundle, NODE_ENV=production), `source` as `npm run dev` does (TypeScript
 * through @swc-node/register, workflows bundled at start). BENCH_RUNTIMES picks (default both):
 * the first runs every section, the others the sections in PER_RUNTIME, on a stack of their own.
 */
type Runtime = 'dist' | 'source';
const RUNTIMES = (process.env.BENCH_RUNTIMES ?? 'dist,source').split(',') as Runtime[];
const PER_RUNTIME = ['ceiling', 'tenants'];
const RUNTIME_ENV: Record<Runtime, NodeJS.ProcessEnv> = {
  dist: { NODE_ENV: 'production', SETTINGS_ENCRYPTION_KEY: 'bench-only-settings-key' },
  source: {},
};
/** Set while a section that runs per runtime records: its rows name the runtime. */
let runtimeLabel: Runtime | undefined;

function record(section: string, measure: string, value: number | string, against: string) {
  const shown = typeof value === 'number' ? String(Math.round(value * 100) / 100) : value;
  const named = runtimeLabel ? `${section} [${runtimeLabel}]` : section;
  rows.push({ section: named, measure, value: shown, against });
  results[`${named}: ${measure}`] = value;
  // As it is measured, so that a long run shows its figures before its end.
  console.log(`  ${named} | ${measure} | ${shown}`);
}

async function http<T>(
  stack: LocalStack,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function sim<T>(stack: LocalStack, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.simulatorUrl}/__sim/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** A tenant with Sedna settings and the given e-mails; returns its token and e-mail ids. */
async function tenantWith(stack: LocalStack, id: string, rate: number, emails: object[]) {
  const token = makeDevToken(stack.jwtSecret, id, '1d');
  await http(stack, token, 'PUT', '/api/settings/sedna', {
    api_url: stack.simulatorUrl,
    username: DEMO_AGENCY.username,
    password: DEMO_AGENCY.password,
    operator_id: DEMO_AGENCY.operatorId,
    operator_code: DEMO_AGENCY.operatorCode,
    rate_limit_per_second: rate,
  });
  const ids: number[] = [];
  for (let i = 0; i < emails.length; i += 200) {
    const body = await http<{ ids: number[] }>(stack, token, 'POST', '/api/emails', {
      emails: emails.slice(i, i + 200),
    });
    ids.push(...body.ids);
  }
  return { token, ids };
}

async function runToEnd(stack: LocalStack, db: PgClient, token: string, ids: number[]) {
  const started = await http<{ sync_id: string }>(stack, token, 'POST', '/api/sync/emails', {
    email_ids: ids,
  });
  for (;;) {
    const {
      rows: [run],
    } = await db.query('SELECT * FROM sync_runs WHERE sync_id = $1', [started.sync_id]);
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface AgencyStats {
  requests: number;
  rateLimited: number;
  maxInSlidingSecond: number;
  perSecond: Record<string, number>;
}

/** The two Temporal servers the budget runs on, as its rows name them. */
const SERVER_LABEL = {
  dev: 'dev server',
  real: 'real server, 4 partitions',
} as const;

async function budget(stack: LocalStack, db: PgClient, server: keyof typeof SERVER_LABEL) {
  const limit = 5;
  const section = `Sedna budget (200 stop sales, 5/s, ${SERVER_LABEL[server]})`;
  await sim(stack, 'POST', 'reset');
  await sim(stack, 'POST', 'config', { rateLimitPerSecond: limit, latencyMs: 20 });
  const { token, ids } = await tenantWith(
    stack,
    `bench-budget-${server}`,
    limit,
    benchEmails('budget', 200, 0),
  );
  const run = await runToEnd(stack, db, token, ids);
  const stats = (await sim<{ agencies: Record<string, AgencyStats> }>(stack, 'GET', 'stats'))
    .agencies[DEMO_AGENCY.username];
  const over = Object.values(stats.perSecond).reduce(
    (n, count) => n + Math.max(0, count - limit),
    0,
  );
  const ideal = stats.requests / limit;
  record(
    section,
    'achieved rate ÷ configured',
    stats.requests / run.duration_seconds / limit,
    '≥ 0.95',
  );
  record(
    section,
    'requests over the limit',
    over + stats.rateLimited,
    '0 (per calendar second, plus 429s)',
  );
  record(section, 'max requests in any sliding second', stats.maxInSlidingSecond, `≤ ${limit}`);
  record(
    section,
    'total time ÷ ideal',
    run.duration_seconds / ideal,
    `1.0 (ideal ${ideal.toFixed(1)} s for ${stats.requests} requests)`,
  );
}

function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function continuedTimes(temporal: TemporalClient, syncId: string): Promise<number> {
  let runs = 0;
  for await (const _ of temporal.workflow.list({ query: `WorkflowId="bulk-sync-${syncId}"` }))
    runs++;
  return runs - 1;
}

async function ceiling(stack: LocalStack, db: PgClient, temporal: TemporalClient) {
  await sim(stack, 'POST', 'reset');
  await sim(stack, 'POST', 'config', { rateLimitPerSecond: 0, latencyMs: 0 });
  for (const size of SIZES) {
    const section = `Orchestration ceiling (${size} items, limit 1000/s, zero-latency Sedna)`;
    const half = size / 2;
    const { token, ids } = await tenantWith(
      stack,
      `bench-ceiling-${size}`,
      1000,
      benchEmails(`c${size}`, half, half),
    );
    const cpuBefore = cpuByRole();
    const run = await runToEnd(stack, db, token, ids);
    const cpuRun = cpuSpent(cpuBefore, cpuByRole());
    record(
      section,
      'status / successful',
      `${run.status} / ${run.successful_count}`,
      `completed / ${size}`,
    );
    const perSecond = size / run.duration_seconds;
    record(section, 'items per second', perSecond, '≥ 50');
    // The same shape with no-op activities, same server, same worker tuning, right after.
    const cpuBeforeSkeleton = cpuByRole();
    const { itemsPerSecond: skeleton, cpuSeconds: skeletonCpu } =
      await skeletonItemsPerSecondInWorkerProcess(stack.temporalAddress, size, SKELETON_SHAPE);
    const cpuSkeleton = cpuSpent(cpuBeforeSkeleton, cpuByRole());
    record(section, 'no-work skeleton, items/s', skeleton, 'same workflow shape, no-op activities');
    record(section, 'ceiling ÷ skeleton', perSecond / skeleton, '≥ 0.8');
    // Where the time goes on two cores: CPU seconds by process.
    record(section, 'CPU s by process, real run', cpuRun, `over ${run.duration_seconds} s`);
    record(
      section,
      'CPU s by process, skeleton',
      `${cpuSkeleton} · its worker ${skeletonCpu.toFixed(1)}`,
      `over ${(size / skeleton).toFixed(1)} s`,
    );
    record(
      section,
      'continue-as-new count',
      await continuedTimes(temporal, run.sync_id),
      `${Math.ceil(size / 500) - 1} expected (500 items per run)`,
    );
    record(
      section,
      'peak RSS API / worker (MB)',
      `${peakRssMb(stack.api.child.pid).toFixed(0)} / ${peakRssMb(stack.workers[0]?.child.pid).toFixed(0)}`,
      'bounded',
    );
    if (size === SIZES[0]) {
      const creds = {
        apiUrl: stack.simulatorUrl,
        username: DEMO_AGENCY.username,
        password: DEMO_AGENCY.password,
        operatorId: DEMO_AGENCY.operatorId,
        operatorCode: DEMO_AGENCY.operatorCode,
        authorityId: 207,
        rateLimitPerSecond: 1000,
      };
      const loop = await plainLoop(creds, half, half);
      record(section, 'plain in-process loop, items/s', loop, 'baseline, same calls');
      record(
        section,
        'orchestrated ÷ plain loop',
        size / run.duration_seconds / loop,
        'overhead ratio',
      );
    }
  }
}

/**
 * Issue 20: a drift check's cost in Sedna requests per 1,000 synced items and its time at the
 * default 5 requests/s. The bench's mix (500 stop sales over its hotels, 500 reservations) is
 * synced unthrottled, then the tenant's limit goes to 5/s and one check reads everything back.
 */
async function drift(stack: LocalStack, db: PgClient) {
  await sim(stack, 'POST', 'reset');
  await sim(stack, 'POST', 'config', { rateLimitPerSecond: 0, latencyMs: 20 });
  const half = 500;
  const id = 'bench-drift';
  const { token, ids } = await tenantWith(stack, id, 1000, benchEmails('drift', half, half));
  const run = await runToEnd(stack, db, token, ids);
  const section = `Drift check (${2 * half} synced items: ${half} stop sales, ${half} reservations; 5 requests/s)`;
  record(section, 'items synced', Number(run.successful_count), `${2 * half}`);
  await tenantWith(stack, id, 5, []);
  const requestsSoFar = async () =>
    (
      await sim<{ agencies: Record<string, AgencyStats & { byAction: Record<string, number> }> }>(
        stack,
        'GET',
        'stats',
      )
    ).agencies[DEMO_AGENCY.username];
  const before = await requestsSoFar();
  const started = await http<{ reconcile_id: string }>(stack, token, 'POST', '/api/reconcile', {});
  const t0 = Date.now();
  let check: { status: string; counts: Record<string, number> };
  for (;;) {
    check = await http(stack, token, 'GET', `/api/reconcile/${started.reconcile_id}`);
    if (check.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (Date.now() - t0) / 1000;
  const after = await requestsSoFar();
  const requests = after.requests - before.requests;
  const byAction = Object.entries(after.byAction)
    .map(([action, n]) => [action, n - (before.byAction[action] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${action} ${n}`)
    .join(' · ');
  record(
    section,
    'status / counts',
    `${check.status} / ${JSON.stringify(check.counts)}`,
    'all match',
  );
  record(section, 'Sedna requests (by call)', `${requests} (${byAction})`, 'reads only');
  record(
    section,
    'Sedna requests per 1,000 synced items',
    (requests / (2 * half)) * 1000,
    'recorded',
  );
  record(section, 'time of the check (s)', seconds, 'recorded');
  const arrivals = (
    await sim<{ agencies: Record<string, number[]> }>(stack, 'GET', 'arrivals')
  ).agencies[DEMO_AGENCY.username].filter((at) => at >= t0);
  let densest = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[i] - arrivals[j] >= 1000) j++;
    densest = Math.max(densest, i - j + 1);
  }
  record(section, 'max requests in any sliding second, during the check', densest, '≤ 5');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function queriesIssued(stack: LocalStack): Promise<number> {
  const text = await (await fetch(`${stack.apiUrl}/metrics`)).text();
  return Number(/sedna_progress_queries_total (\d+)/.exec(text)?.[1] ?? NaN);
}

/**
 * Delay from an item's completion (its row's processed_at) to its event at each subscriber,
 * after one run of the same shape that is not counted: the section comes first on a fresh
 * stack, and its first run measured the API's warm-up too (compiling the stream's code paths,
 * opening pooled connections), about 10 ms more at p95 than the same run repeated.
 */
async function sse(stack: LocalStack, db: PgClient) {
  await sim(stack, 'POST', 'reset');
  await sim(stack, 'POST', 'config', { rateLimitPerSecond: 0, latencyMs: 20 });
  for (const [round, subscribers] of [1, 1, 100].entries()) {
    const { token, ids } = await tenantWith(
      stack,
      `bench-sse-${round}`,
      40,
      benchEmails(`sse${round}`, 100, 50),
    );
    const started = await http<{ sync_id: string }>(stack, token, 'POST', '/api/sync/emails', {
      email_ids: ids,
    });
    const queriesBefore = await queriesIssued(stack);
    const t0 = Date.now();
    const received = await Promise.all(
      Array.from({ length: subscribers }, () => follow(stack, token, started.sync_id)),
    );
    const seconds = (Date.now() - t0) / 1000;
    const queries = (await queriesIssued(stack)) - queriesBefore;
    const { rows: items } = await db.query(
      `SELECT i.event_seq, extract(epoch FROM i.processed_at) * 1000 AS done_ms FROM sync_items i
         JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1`,
      [started.sync_id],
    );
    const doneAt = new Map(items.map((row) => [Number(row.event_seq), Number(row.done_ms)]));
    const delays = received.flatMap((events) =>
      [...events].map(([seq, at]) => at - (doneAt.get(seq) ?? at)),
    );
    if (round === 0) continue; // the warm-up
    const section = `SSE (150 items, ${subscribers} subscriber${subscribers > 1 ? 's' : ''})`;
    record(
      section,
      'p50 / p95 delay item done → event (ms)',
      `${percentile(delays, 50).toFixed(0)} / ${percentile(delays, 95).toFixed(0)}`,
      'p95 ≤ 500',
    );
    record(section, 'workflow queries per second', queries / seconds, 'same for 1 and 100');
  }
}

function follow(stack: LocalStack, token: string, syncId: string): Promise<Map<number, number>> {
  const received = new Map<number, number>();
  const source = new EventSource(
    `${stack.apiUrl}/api/sync/${syncId}/progress?access_token=${token}`,
  );
  return new Promise((resolve) => {
    source.onmessage = (message) => {
      const data = JSON.parse(message.data) as { type: string; current: number };
      if (data.type === 'complete') {
        source.close();
        resolve(received);
      } else received.set(data.current, Date.now());
    };
  });
}

/**
 * Click "Sync" → first item on screen needs a browser: test/e2e/pending-list.spec.ts measures it
 * in Chromium and leaves its figure in bench/results/click-to-first-item.json, reported here
 * (with its date) when present.
 */
function browserFigure() {
  const file = join(REPO_ROOT, 'bench', 'results', 'click-to-first-item.json');
  if (!existsSync(file)) return;
  const figure = JSON.parse(readFileSync(file, 'utf8')) as {
    measured_at: string;
    median_ms: number;
    samples: { items: number; ms: number; cold?: boolean }[];
  };
  const warm = figure.samples.filter((s) => !s.cold).length;
  const samples = figure.samples
    .map((s) => `${s.ms} ms (${s.items} items${s.cold ? ', tenant’s first run' : ''})`)
    .join(', ');
  record(
    'browser',
    `click Sync → first item visible, median of ${warm} warm runs (ms)`,
    figure.median_ms,
    `target ≤ 1000 ms; ${samples}; by test/e2e/pending-list.spec.ts on ${figure.measured_at}`,
  );
}

function table(): string {
  const header = '| Section | Measure | Value | Compared to |\n|---|---|---|---|';
  return [
    header,
    ...rows.map((r) => `| ${r.section} | ${r.measure} | ${r.value} | ${r.against} |`),
  ].join('\n');
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, API and worker from ${RUNTIMES.join(' and ')}, Temporal dev server (SQLite) and real server (PostgreSQL), embedded PostgreSQL`;
}

function write(startedAt: Date) {
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = { startedAt, machine: machine(), results };
  // The hour-long watch runs on its own, beside a full run: it keeps out of that run's files.
  if (process.env.BENCH_ONLY === 'watch') {
    writeFileSync(join(dir, 'watch.json'), JSON.stringify(json, null, 2));
    return;
  }
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(json, null, 2));
  const doc = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` on ${startedAt.toISOString()} — ${machine()}.`,
    'One run; every process (Temporal, PostgreSQL, simulator, API, worker, the bench itself) shares the machine.',
    '',
    table(),
    '',
    ...(sideBySide()
      ? [
          `Side by side (\`${RUNTIMES.join('` and `')}\`, each on a stack of its own, one after the other):`,
          '',
          sideBySide(),
          '',
        ]
      : []),
  ].join('\n');
  const file = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
  // The hand-written reading of the figures below the marker survives a new run.
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const analysis = previous.includes(ANALYSIS_MARKER)
    ? previous.slice(previous.indexOf(ANALYSIS_MARKER))
    : ANALYSIS_MARKER;
  writeFileSync(file, `${doc}\n${analysis}`);
}

/** A second throwaway stack, on the real Temporal server, for the sections run on both. */
async function onRealServer(work: (stack: LocalStack, db: PgClient) => Promise<void>) {
  const stack = await startLocalStack({
    ephemeral: true,
    temporal: 'real',
    env: { API_RATE_LIMIT_BURST: '1000' },
    onLine: () => undefined,
  });
  const db = new PgClient({ connectionString: stack.databaseUrl });
  try {
    await db.connect();
    await work(stack, db);
  } finally {
    await db.end();
    await stack.stop();
  }
}

/** `npm run build` once, so that the dist rows measure this checkout. */
function buildDist() {
  console.log('Building dist/ (npm run build)…');
  execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
}

/** Every section that ran on more than one runtime, one row per measure, runtimes side by side. */
function sideBySide(): string {
  if (RUNTIMES.length < 2) return '';
  const byMeasure = new Map<
    string,
    { section: string; against: string; values: Partial<Record<Runtime, string>> }
  >();
  for (const row of rows) {
    const match = /^(.*) \[(dist|source)\]$/.exec(row.section);
    if (!match) continue;
    const key = `${match[1]}|${row.measure}`;
    const entry = byMeasure.get(key) ?? { section: match[1], against: row.against, values: {} };
    entry.values[match[2] as Runtime] = row.value;
    byMeasure.set(key, entry);
  }
  const header = `| Section | Measure | ${RUNTIMES.join(' | ')} | Compared to |\n|---|---|${RUNTIMES.map(() => '---|').join('')}---|`;
  const lines = [...byMeasure.entries()].map(
    ([key, e]) =>
      `| ${e.section} | ${key.slice(e.section.length + 1)} | ${RUNTIMES.map((r) => e.values[r] ?? '–').join(' | ')} | ${e.against} |`,
  );
  return [header, ...lines].join('\n');
}

async function runSections(runtime: Runtime, first: boolean, startedAt: Date) {
  console.log(`Starting a throwaway local stack (${runtime})…`);
  const stack = await startLocalStack({
    ephemeral: true,
    runtime,
    temporalInMemory: process.env.BENCH_TEMPORAL_IN_MEMORY === '1',
    // The SSE section opens 100 streams of one tenant at once, past the default burst of 60.
    env: { API_RATE_LIMIT_BURST: '1000', ...RUNTIME_ENV[runtime] },
    onLine: () => undefined,
  });
  // The plain-loop baseline calls the simulator from this process, under the same outbound rules.
  process.env.OUTBOUND_ALLOWED_HOSTS = `${new URL(stack.simulatorUrl).host}/api`;
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  const temporal = new TemporalClient({
    connection: await Connection.connect({ address: stack.temporalAddress }),
  });
  try {
    const only = process.env.BENCH_ONLY?.split(',');
    const tools: BenchTools = {
      http: (token, method, path, body) => http(stack, token, method, path, body),
      sim: (method, path, body) => sim(stack, method, path, body),
      record,
      temporal,
    };
    const sections: [string, () => Promise<void>][] = [
      ['budget', () => budget(stack, db, 'dev')],
      ['sse', () => sse(stack, db)],
      ['ceiling', () => ceiling(stack, db, temporal)],
      ['tenants', () => manyTenants(stack, db, tools)],
      ['noisy', () => noisyNeighbour(stack, db, tools)],
      ['watch', () => watchLeak(stack, db, tools)],
      ['drift', () => drift(stack, db)],
    ];
    for (const [name, run] of sections) {
      if (only && !only.includes(name)) continue;
      // An hour long: only when asked for by name.
      if (name === 'watch' && !only) continue;
      if (!first && !PER_RUNTIME.includes(name)) continue;
      runtimeLabel = PER_RUNTIME.includes(name) && RUNTIMES.length > 1 ? runtime : undefined;
      console.log(
        `… ${name} (${runtime}, ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`,
      );
      await run();
      runtimeLabel = undefined;
    }
    if (first && (!only || only.includes('budget'))) {
      console.log('… budget on the real Temporal server');
      await onRealServer((real, realDb) => budget(real, realDb, 'real'));
    }
  } finally {
    await db.end();
    await temporal.connection.close();
    await stack.stop();
  }
}

async function main() {
  const startedAt = new Date();
  if (RUNTIMES.includes('dist')) buildDist();
  for (const [i, runtime] of RUNTIMES.entries()) await runSections(runtime, i === 0, startedAt);
  browserFigure();
  console.log(`\n${table()}\n`);
  const compared = sideBySide();
  if (compared) console.log(`${compared}\n`);
  write(startedAt);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
