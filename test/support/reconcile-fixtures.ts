import { sleep } from '../../scripts/local-stack';
import { call } from './http';
import type { Tenant } from './sync-fixtures';

// Tests read API bodies freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Every outcome, for reading all of a check's items. */
export const ALL_OUTCOMES = 'match,missing_in_sedna,different,only_in_sedna';

/** Starts a drift check of the tenant (window 7 days) and waits for it; returns it with all items. */
export async function runCheck(apiUrl: string, tenant: Tenant, timeoutMs = 120_000): Promise<Json> {
  const started = await call(apiUrl, 'POST', '/api/reconcile', {
    token: tenant.token,
    body: { window_days: 7 },
  });
  if (started.status !== 202) throw new Error(`check: ${started.status} ${started.text}`);
  return waitForCheck(apiUrl, tenant, started.body.reconcile_id, timeoutMs);
}

/** Waits until the check has finished; returns it with all its items (one page of 100). */
export async function waitForCheck(
  apiUrl: string,
  tenant: Tenant,
  id: string,
  timeoutMs = 120_000,
): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const got = await call(
      apiUrl,
      'GET',
      `/api/reconcile/${id}?limit=100&outcome=${ALL_OUTCOMES}`,
      {
        token: tenant.token,
      },
    );
    if (got.status === 200 && got.body.status !== 'running') return got.body;
    await sleep(250);
  }
  throw new Error(`drift check ${id} did not finish in ${timeoutMs} ms`);
}
