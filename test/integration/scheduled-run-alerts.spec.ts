/**
 * Failed scheduled runs are told beyond the tenant's run.failed webhook: /metrics counts them
 * (`sedna_scheduled_run_failures_total`, all tenants, what an alert rule watches). The runs are
 * rows as a run leaves them (a failed scheduled run needs hours of Sedna outage to happen).
 */
import { randomUUID } from 'node:crypto';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import { makeToken } from '../support/tokens';

const METRIC = 'sedna_scheduled_run_failures_total';

describe('failed scheduled runs on /metrics', () => {
  let api: RunningApi;
  const tenantId = `alerts-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    // The counts are read at most once a refresh interval: the shortest, so each scrape here sees
    // the rows inserted before it.
    api = await startApi({ metricsDbRefreshSeconds: 0 });
    // The tenant's first authenticated request stores it.
    const history = await call(api.url, 'GET', '/api/sync/history', { token: makeToken(tenantId) });
    expect(history.status).toBe(200);
  });
  afterAll(() => api?.close());

  const scrape = async (): Promise<{ text: string; value: number }> => {
    const res = await call(api.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const line = new RegExp(`^${METRIC} (\\d+)$`, 'm').exec(res.text);
    expect(line).not.toBeNull();
    return { text: res.text, value: Number(line![1]) };
  };

  const runEnded = (trigger: string, status: string) =>
    queryDb(
      `INSERT INTO sync_runs (tenant_id, sync_id, workflow_id, status, trigger, total_items,
                              failed_count, completed_at)
       VALUES ($1, $2, $3, $4, $5, 2, 2, now())`,
      [tenantId, randomUUID(), `bulk-sync-${randomUUID()}`, status, trigger],
    );

  it('is a counter of the scheduled runs that ended failed, and of nothing else', async () => {
    const before = await scrape();
    expect(before.text).toContain(`# TYPE ${METRIC} counter`);

    await runEnded('schedule', 'failed');
    expect((await scrape()).value).toBe(before.value + 1);

    // Other outcomes and other triggers are not scheduled failures.
    await runEnded('schedule', 'partial');
    await runEnded('schedule', 'completed');
    await runEnded('manual', 'failed');
    await runEnded('retry', 'failed');
    await runEnded('schedule', 'running');
    expect((await scrape()).value).toBe(before.value + 1);

    await runEnded('schedule', 'failed');
    expect((await scrape()).value).toBe(before.value + 2);
  });

  it('names no tenant (the endpoint is public)', async () => {
    expect((await scrape()).text).not.toContain(tenantId);
  });
});
