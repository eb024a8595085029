/**
 * Many tenants starting a run at the same moment: more starts than the API's database pool has
 * connections (10). A start must never wait, inside its transaction, for a second pooled
 * connection: with every connection held by such a transaction they all wait for ever (seen as a
 * 300 s hang with 200 tenants, issue 23).
 */
import { queryDb } from '../support/db';
import { createTenant, importEmails, stopSaleEmails, Tenant } from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

const TENANTS = 40;

describe('sync starts from many tenants at once', () => {
  const stack = useSyncStack();

  it(`starts ${TENANTS} runs sent together, each recording its tenant's Sedna connection`, async () => {
    const tenants: { tenant: Tenant; ids: number[] }[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const tenant = await createTenant(stack.api.url, stack.sim);
      tenants.push({
        tenant,
        ids: await importEmails(stack.api.url, tenant, stopSaleEmails(`cs${i}`, 1, 1)),
      });
    }
    const answers = await Promise.all(
      tenants.map(({ tenant, ids }) =>
        fetch(`${stack.api.url}/api/sync/emails`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email_ids: ids }),
          // Far above a start's time, far below a hang's.
          signal: AbortSignal.timeout(60_000),
        }).then(async (res) => ({
          status: res.status,
          body: (await res.json()) as { sync_id: string },
        })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(tenants.map(() => 200));
    const runs = await queryDb(
      `SELECT r.sync_id, r.sedna_connection = s.sedna_connection AS same
         FROM sync_runs r JOIN tenant_settings s USING (tenant_id)
        WHERE r.sync_id = ANY($1::uuid[])`,
      [answers.map((a) => a.body.sync_id)],
    );
    expect(runs).toHaveLength(TENANTS);
    expect(runs.every((run) => run.same === true)).toBe(true);
  });
});
