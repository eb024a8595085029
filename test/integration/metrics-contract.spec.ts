/**
 * Issue 20 (4): every metric the shipped alert rules and Grafana dashboard read
 * (deploy/observability/) is one the service exports. Their PromQL is parsed with Prometheus's
 * own grammar (@prometheus-io/lezer-promql); the names are checked against what the real
 * processes serve — the API's /metrics, the worker's WORKER_METRICS_PORT and the Temporal SDK's
 * TEMPORAL_SDK_METRICS_PORT — after a small sync has run (the SDK's histograms and ours have
 * series only once something was observed). The progress-stream gauge is checked on the way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { freePort, sleep } from '../../scripts/local-stack';
import type { ManagedProcess } from '../../scripts/managed-process';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { exportedNames, metricNamesOf } from '../support/promql';
import { readProgress } from '../support/sse';
import {
  importEmails,
  importStopSalesWithFaults,
  reservationEmails,
  startSync,
  waitForRun,
} from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';

const OBSERVABILITY = join(__dirname, '../../deploy/observability');

interface RuleFile {
  groups: {
    name: string;
    rules: {
      alert?: string;
      record?: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
    }[];
  }[];
}
interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every PromQL expression of the rules and the dashboard, with where it is. */
function shippedExpressions(): { where: string; expr: string }[] {
  const rules = load(
    readFileSync(join(OBSERVABILITY, 'prometheus-rules.yaml'), 'utf8'),
  ) as RuleFile;
  const dashboard = JSON.parse(
    readFileSync(join(OBSERVABILITY, 'grafana-dashboard.json'), 'utf8'),
  ) as { panels: Panel[] };
  const fromPanels = (panels: Panel[]): { where: string; expr: string }[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? []).flatMap((t) =>
        t.expr ? [{ where: `dashboard panel "${p.title}"`, expr: t.expr }] : [],
      ),
      ...fromPanels(p.panels ?? []),
    ]);
  return [
    ...rules.groups.flatMap((g) =>
      g.rules.map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: r.expr })),
    ),
    ...fromPanels(dashboard.panels),
  ];
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

/** The value of the sample `series` (a name, with its labels as exposed) in an exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Probes until `accept` takes what `probe` gives (a minute at most), and returns it. */
async function until<T, R>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => R | undefined,
): Promise<R> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const accepted = accept(await probe());
    if (accepted !== undefined) return accepted;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('the metrics contract: what the rules and the dashboard read is exported', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let worker: ManagedProcess | undefined;
  const ports = { worker: 0, sdk: 0 };

  beforeAll(async () => {
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    // The database counts read every second: the stalled run shows without waiting long.
    api = await startApi({ metricsDbRefreshSeconds: 1 });
    ports.worker = await freePort();
    ports.sdk = await freePort();
    worker = await spawnWorkerProcess('worker-metrics-contract', {
      WORKER_METRICS_PORT: String(ports.worker),
      TEMPORAL_SDK_METRICS_PORT: String(ports.sdk),
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await sim?.close();
  });

  it('finds every metric name of the shipped PromQL in the processes, after a small sync', async () => {
    const expressions = shippedExpressions();
    expect(expressions.length).toBeGreaterThan(30);
    const used = new Map<string, string[]>();
    for (const { where, expr } of expressions) {
      const names = metricNamesOf(expr);
      expect({ where, names: names.length > 0 }).toEqual({ where, names: true });
      for (const name of names) used.set(name, [...(used.get(name) ?? []), where]);
    }

    // A small sync: Sedna requests paced (the pacer's histogram), workflow and activity tasks
    // (the SDK's schedule-to-start and slot metrics). Its stop sales' Phase 2 meets connection
    // resets until the fault is lifted: the run holds with its headers in Sedna without rooms and
    // the tenant's Sedna unreachable, while progress streams are opened and closed.
    const { tenant, ids } = await importStopSalesWithFaults(
      api.url,
      sim,
      'contract',
      [{ action: 'phase2', kind: 'reset' }],
      { count: 2 },
    );
    ids.push(...(await importEmails(api.url, tenant, reservationEmails('contract', 1))));
    const syncId = await startSync(api.url, tenant, ids);
    const apiMetrics = () => scrape(`${api.url}/metrics`);
    const unreachableSince = (text: string) =>
      sample(text, `sedna_unreachable_since_timestamp_seconds{tenant_id="${tenant.id}"}`);
    const stalled = await until('the tenant unreachable in /metrics', apiMetrics, (text) =>
      unreachableSince(text) !== undefined ? text : undefined,
    );
    expect(unreachableSince(stalled)).toBeLessThanOrEqual(Date.now() / 1000);
    expect(sample(stalled, 'sedna_unreachable_tenants')).toBeGreaterThanOrEqual(1);
    expect(
      sample(stalled, 'sedna_stop_sales_without_rooms{status="pending"}'),
    ).toBeGreaterThanOrEqual(1);

    const subscribers = async () => sample(await apiMetrics(), 'sedna_sse_subscribers');
    /** The gauge once it reads `n` (a closed stream is noticed by the server a moment later). */
    const subscribersReach = (n: number) =>
      until(`${n} subscribers`, subscribers, (value) => (value === n ? value : undefined));
    const watched = readProgress(api.url, syncId, tenant.token);
    const leaving = readProgress(api.url, syncId, tenant.token);
    while (watched.frames.length === 0 || leaving.frames.length === 0) await sleep(50);
    expect(await subscribers()).toBe(2);
    // A client that leaves mid-run stops counting; the one that stays until the end too.
    leaving.close();
    expect(await subscribersReach(1)).toBe(1);
    await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
    await watched.done;
    expect(await waitForRun(syncId)).toMatchObject({ status: 'completed' });
    expect(await subscribersReach(0)).toBe(0);
    // Sedna answered again: the tenant's series is gone.
    await until('the tenant reachable again', apiMetrics, (text) =>
      unreachableSince(text) === undefined ? true : undefined,
    );

    const texts = {
      api: await scrape(`${api.url}/metrics`),
      worker: await scrape(`http://127.0.0.1:${ports.worker}/metrics`),
      sdk: await scrape(`http://127.0.0.1:${ports.sdk}/metrics`),
    };
    const exported = new Set(Object.values(texts).flatMap((t) => [...exportedNames(t)]));
    const missing = [...used].filter(([name]) => !exported.has(name));
    expect(missing.map(([name, where]) => `${name} (${where.join('; ')})`)).toEqual([]);
    // What the rules need beyond the declarations: series the small sync made.
    for (const name of [
      'sedna_pacer_wait_seconds_bucket',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      'temporal_activity_schedule_to_start_latency_bucket',
      'temporal_worker_task_slots_used',
      'http_request_duration_seconds_bucket',
    ])
      expect(Object.values(texts).some((t) => t.includes(`\n${name}{`))).toBe(true);
  });

  it('reads names from the PromQL grammar, not from text: a made-up metric is caught', () => {
    expect(
      metricNamesOf(
        'sum by (le) (rate(made_up_seconds_bucket{job="x"}[5m])) / on() group_left ' +
          'max({__name__="other_made_up"}) > bool 0 unless absent(sedna_sync_runs offset 5m)',
      ).sort(),
    ).toEqual(['made_up_seconds_bucket', 'other_made_up', 'sedna_sync_runs']);
    // Function names, label names and values, durations are not metric names.
    expect(
      metricNamesOf('histogram_quantile(0.95, sum by (le, route) (rate(up{le="rate"}[5m])))'),
    ).toEqual(['up']);
    expect(() => metricNamesOf('sum(rate(x[5m])')).toThrow(/does not parse/);
    const exported = exportedNames(
      '# TYPE a_seconds histogram\n# TYPE b_total counter\nb_total 3\nc{x="1"} 2\n',
    );
    expect([...exported].sort()).toEqual([
      'a_seconds_bucket',
      'a_seconds_count',
      'a_seconds_sum',
      'b_total',
      'c',
    ]);
  });

  it('ships rules Prometheus can load: groups of uniquely named alerts, each with a severity', () => {
    const rules = load(
      readFileSync(join(OBSERVABILITY, 'prometheus-rules.yaml'), 'utf8'),
    ) as RuleFile;
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(new Set(rules.groups.map((g) => g.name)).size).toBe(rules.groups.length);
    expect(new Set(alerts.map((r) => r.alert)).size).toBe(alerts.length);
    for (const rule of alerts) {
      expect(rule).toEqual(
        expect.objectContaining({ alert: expect.stringMatching(/^[A-Z][A-Za-z0-9]+$/) }),
      );
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
  });
});
