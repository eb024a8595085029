/**
 * SPEC §10 over HTTP: result and history rows carry `retry_of` and `retried_by`; a run already
 * retried refuses a second retry (409 naming its retry), also when two retries race; the history
 * filters by trigger and status, validated.
 */
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('retry chains and history filters', () => {
  const stack = useSyncStack();
  let tenant: Tenant;
  /** A: manual, partial; B: retry of A, failed; C: retry of B, failed. */
  let a: string;
  let b: string;
  let c: string;

  beforeAll(async () => {
    tenant = await createTenant(stack.api.url, stack.sim);
    // One stop sale Sedna takes, two of a hotel it does not know (they fail on every retry).
    const emails = stopSaleEmails('chain', 3, 1, (i) =>
      i === 0 ? 'Mandarin Resort' : 'Nowhere Palace Xyzzy',
    );
    const ids = await importEmails(stack.api.url, tenant, emails);
    a = (await waitForRun(await startSync(stack.api.url, tenant, ids))).sync_id;
  });

  const request = (method: string, path: string) =>
    call(stack.api.url, method, path, { token: tenant.token });
  const retry = (syncId: string) => request('POST', `/api/sync/${syncId}/retry`);
  const result = async (syncId: string) =>
    (await request('GET', `/api/sync/${syncId}/result`)).body;

  it('a first retry links both runs', async () => {
    expect(await result(a)).toMatchObject({ status: 'partial', retry_of: null, retried_by: null });
    const res = await retry(a);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'started', total_items: 2, retry_of: a });
    b = res.body.sync_id;
    await waitForRun(b);
    expect(await result(a)).toMatchObject({ retry_of: null, retried_by: b });
    expect(await result(b)).toMatchObject({ status: 'failed', retry_of: a, retried_by: null });
  });

  it('refuses a second retry of a superseded run with a 409 naming the run that retried it', async () => {
    const res = await retry(a);
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(
      `Sync run ${a} was already retried by run ${b}; retry that run instead`,
    );
    const [{ n }] = await queryDb<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_runs WHERE tenant_id = $1',
      [tenant.id],
    );
    expect(n).toBe(2);
  });

  it('lets exactly one of two racing retries of the same run start', async () => {
    const answers = await Promise.all([retry(b), retry(b)]);
    const started = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 409);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(1);
    c = started[0].body.sync_id;
    expect(refused[0].body.detail).toBe(
      `Sync run ${b} was already retried by run ${c}; retry that run instead`,
    );
    await waitForRun(c);
    expect(await result(b)).toMatchObject({ retry_of: a, retried_by: c });
    expect(await result(c)).toMatchObject({ retry_of: b, retried_by: null });
  });

  it('shows the chain in the history rows', async () => {
    const res = await request('GET', '/api/sync/history');
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((r: Json) => [r.sync_id, r.trigger, r.retry_of, r.retried_by]),
    ).toEqual([
      [c, 'retry', b, null],
      [b, 'retry', a, c],
      [a, 'manual', null, b],
    ]);
    expect(res.body).toMatchObject({ total: 3, page: 1, pages: 1 });
  });

  it('filters the history by trigger and by status, together, counting only the matches', async () => {
    const ids = async (query: string) => {
      const res = await request('GET', `/api/sync/history?${query}`);
      expect(res.status).toBe(200);
      return { ids: res.body.items.map((r: Json) => r.sync_id), total: res.body.total };
    };
    expect(await ids('trigger=manual')).toEqual({ ids: [a], total: 1 });
    expect(await ids('trigger=retry')).toEqual({ ids: [c, b], total: 2 });
    expect(await ids('trigger=schedule')).toEqual({ ids: [], total: 0 });
    expect(await ids('status=partial')).toEqual({ ids: [a], total: 1 });
    expect(await ids('status=failed&trigger=retry')).toEqual({ ids: [c, b], total: 2 });
    expect(await ids('status=partial&trigger=retry')).toEqual({ ids: [], total: 0 });
    expect(await ids('trigger=retry&limit=1&page=2')).toEqual({ ids: [b], total: 2 });
  });

  it.each([
    ['trigger=nightly', 'trigger: must be one of manual, schedule, retry'],
    ['status=done', 'status: must be one of running, completed, partial, failed, cancelled'],
    [
      'trigger=retry&status=',
      'status: must be one of running, completed, partial, failed, cancelled',
    ],
  ])('refuses ?%s with a 400 naming the field', async (query, detail) => {
    const res = await request('GET', `/api/sync/history?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(detail);
  });
});
