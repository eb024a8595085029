/**
 * Issue 20 (6), SPEC §12: `POST /api/sync/retry-failed` retries the tenant's failed items across
 * runs in one new run — filtered by `since`, `code`, `hotel`; items synced since are not taken;
 * `needs_change` items only when asked; `dry_run` counts and starts nothing; bad fields are 400s
 * naming them. Real Temporal, PostgreSQL, the simulator and the API over HTTP.
 */
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  simGet,
  startSync,
  stopSaleEmail,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

// Tests read response fields freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const RETRY_FAILED = '/api/sync/retry-failed';

describe('bulk retry of failed items across runs', () => {
  const stack = useSyncStack();
  let tenant: Tenant;
  /** E-mail ids: A unknown hotel (run 1), B unknown room code (run 1), C fine (run 1),
   * E unknown hotel (run 1, synced later by run 2), D unknown hotel (run 2). */
  const ids: Record<'a' | 'b' | 'c' | 'd' | 'e', number> = { a: 0, b: 0, c: 0, d: 0, e: 0 };
  let run1: string;
  let run2: string;
  /** Between run 1's end and run 2's start. */
  let between: string;

  const request = (method: string, path: string, body?: unknown, token = tenant.token) =>
    call(stack.api.url, method, path, { token, body });
  const retryFailed = (body: Json) => request('POST', RETRY_FAILED, body);
  const runCount = async () => {
    const [{ n }] = await queryDb<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_runs WHERE tenant_id = $1',
      [tenant.id],
    );
    return n;
  };
  /** The stop sale ids of the run's items, by status. */
  const itemsOf = (syncId: string) =>
    queryDb<{ email_id: number; status: string; error_code: string | null }>(
      `SELECT i.email_id, i.status, i.error_code FROM sync_items i
         JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1 ORDER BY i.email_id`,
      [syncId],
    );

  beforeAll(async () => {
    tenant = await createTenant(stack.api.url, stack.sim);
    const [a, b, c, e] = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('rf-a', 'Nowhere Palace Xyzzy', '2027-05-01', '2027-05-04', ['DBL']),
      stopSaleEmail('rf-b', 'Mandarin Resort', '2027-05-02', '2027-05-05', ['DBL', 'XYZ']),
      stopSaleEmail('rf-c', 'Mandarin Resort', '2027-05-03', '2027-05-06', ['DBL']),
      stopSaleEmail('rf-e', 'Lost Lagoon Qqq', '2027-05-04', '2027-05-07', ['DBL']),
    ]);
    Object.assign(ids, { a, b, c, e });
    run1 = (await waitForRun(await startSync(stack.api.url, tenant, [a, b, c, e]))).sync_id;
    [{ between }] = await queryDb<{ between: string }>(
      `SELECT to_char((completed_at + interval '1 millisecond') AT TIME ZONE 'UTC',
                      'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS between
         FROM sync_runs WHERE sync_id = $1`,
      [run1],
    );
    // E's hotel gets a mapping and E is synced by a second run, beside D (another unknown hotel).
    const mapped = await request('POST', '/api/hotel-mappings', {
      hotel_name: 'Lost Lagoon Qqq',
      sedna_hotel_id: 18,
    });
    expect(mapped.status).toBe(201);
    [ids.d] = await importEmails(stack.api.url, tenant, [
      stopSaleEmail('rf-d', 'Atlantis Qwerty Zzz', '2027-05-05', '2027-05-08', ['DBL']),
    ]);
    run2 = (await waitForRun(await startSync(stack.api.url, tenant, [ids.d, ids.e]))).sync_id;
  });

  it('has the failures the scenario needs', async () => {
    expect(await itemsOf(run1)).toEqual([
      { email_id: ids.a, status: 'failed', error_code: 'HOTEL_NOT_FOUND' },
      { email_id: ids.b, status: 'failed', error_code: 'ROOM_TYPE_UNKNOWN' },
      { email_id: ids.c, status: 'success', error_code: null },
      { email_id: ids.e, status: 'failed', error_code: 'HOTEL_NOT_FOUND' },
    ]);
    expect(await itemsOf(run2)).toEqual([
      { email_id: ids.e, status: 'success', error_code: null },
      { email_id: ids.d, status: 'failed', error_code: 'HOTEL_NOT_FOUND' },
    ]);
  });

  it('dry run: counts the failed items across runs, leaving out what was synced since and what needs a change; starts nothing', async () => {
    const before = await runCount();
    const res = await retryFailed({ dry_run: true });
    expect(res.status).toBe(200);
    // A (run 1) and D (run 2); E was synced by run 2, C succeeded, B needs a change.
    expect(res.body).toEqual({
      dry_run: true,
      count: 2,
      skipped_needs_change: 1,
      runs: 2,
      by_code: { HOTEL_NOT_FOUND: 2 },
      max_items: 10_000,
    });
    expect(await runCount()).toBe(before);
  });

  it.each([
    ['include_needs_change', { include_needs_change: true }, 3, 0, 2],
    ['since (after run 1)', 'since', 1, 0, 1],
    ['code', { code: 'ROOM_TYPE_UNKNOWN', include_needs_change: true }, 1, 0, 1],
    ['code of needs-change items, not included', { code: 'ROOM_TYPE_UNKNOWN' }, 0, 1, 0],
    ['hotel, case-insensitive substring', { hotel: 'atlantis' }, 1, 0, 1],
    ['hotel and code together', { hotel: 'nowhere', code: 'SEDNA_REJECTED' }, 0, 0, 0],
    ['a day as since, in the future', { since: '2099-01-01' }, 0, 0, 0],
  ])('dry run filtered by %s', async (_name, filter, count, skipped, runs) => {
    const body = filter === 'since' ? { since: between } : filter;
    const res = await retryFailed({ ...(body as object), dry_run: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count, skipped_needs_change: skipped, runs });
  });

  it('is scoped to the tenant', async () => {
    const other = await createTenant(stack.api.url, stack.sim);
    const res = await request('POST', RETRY_FAILED, { dry_run: true }, other.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 0, runs: 0 });
  });

  it.each([
    [{ since: 'yesterday' }, 'since: must be a date (YYYY-MM-DD) or an ISO 8601 date-time'],
    [{ since: '2026-11-01T10:00:00' }, 'since: must be a date (YYYY-MM-DD) or an ISO 8601'],
    [{ code: 'NOPE' }, 'code: must be one of HOTEL_NOT_FOUND, '],
    [{ hotel: '' }, 'hotel: must not be empty'],
    [{ hotel: 12 }, 'hotel: must be a string'],
    [{ hotel: 'x'.repeat(201) }, 'hotel: must be at most 200 characters'],
    [{ dry_run: 'yes' }, 'dry_run: must be a boolean value'],
    [{ include_needs_change: 1 }, 'include_needs_change: must be a boolean value'],
    [{ hotels: 'a' }, 'property hotels should not exist'],
  ])('refuses %j with a 400 naming the field, starting nothing', async (body, detail) => {
    const before = await runCount();
    // A dry run (or what is refused) spends none of the tenant's workflow-start budget.
    const res = await retryFailed('dry_run' in body ? body : { ...body, dry_run: true });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await runCount()).toBe(before);
  });

  it('answers 409 when nothing matches, and names the needs-change items it would leave out', async () => {
    const none = await retryFailed({ code: 'SEDNA_REJECTED' });
    expect(none.status).toBe(409);
    expect(none.body.detail).toBe('No failed items match');
    const onlyNeedsChange = await retryFailed({ code: 'ROOM_TYPE_UNKNOWN' });
    expect(onlyNeedsChange.status).toBe(409);
    expect(onlyNeedsChange.body.detail).toContain('1 match but need a change first');
  });

  it('retries them in one new run: what was fixed succeeds, through the normal sync', async () => {
    // A's hotel gets a mapping now, so A succeeds; D still fails; B stays out (needs a change).
    const mapped = await request('POST', '/api/hotel-mappings', {
      hotel_name: 'Nowhere Palace Xyzzy',
      sedna_hotel_id: 18,
    });
    expect(mapped.status).toBe(201);
    const before = await runCount();
    const res = await retryFailed({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dry_run: false,
      status: 'started',
      count: 2,
      skipped_needs_change: 1,
      runs: 2,
      sync_id: expect.any(String),
    });
    expect(await runCount()).toBe(before + 1);
    const run3 = res.body.sync_id as string;
    expect(await waitForRun(run3)).toMatchObject({
      trigger: 'retry',
      retry_of: null,
      status: 'partial',
      total_items: 2,
      successful_count: 1,
      failed_count: 1,
    });
    expect(await itemsOf(run3)).toEqual([
      { email_id: ids.a, status: 'success', error_code: null },
      { email_id: ids.d, status: 'failed', error_code: 'HOTEL_NOT_FOUND' },
    ]);
    // A's stop sale is in Sedna once (E's and C's beside it).
    const inSedna: Json[] = await simGet(stack.sim, 'stop-sales');
    const [{ sedna_rec_id: recA }] = await queryDb<{ sedna_rec_id: number }>(
      'SELECT sedna_rec_id FROM stop_sales WHERE tenant_id = $1 AND email_id = $2',
      [tenant.id, ids.a],
    );
    expect(inSedna.filter((s) => s.RecId === recA)).toHaveLength(1);
    expect(inSedna.filter((s) => s.BeginDate?.startsWith('2027-05-01'))).toHaveLength(1);

    // What is left: D, which failed last in the bulk run; the history lists the run.
    const left = await retryFailed({ dry_run: true });
    expect(left.body).toMatchObject({ count: 1, skipped_needs_change: 1, runs: 1 });
    const history = await request('GET', '/api/sync/history?trigger=retry');
    expect(history.body.items.map((r: Json) => [r.sync_id, r.retry_of])).toEqual([[run3, null]]);
  });
});
