import { queryDb } from '../support/db';
import {
  createTenant,
  importEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

const TENANTS = 20;
const PER_TENANT = 3;
const LIMIT = 5;

describe('many tenants at once on the real Temporal server', () => {
  const stack = useSyncStack({ sim: { rateLimitPerSecond: LIMIT } });

  it(`syncs ${TENANTS} tenants × ${PER_TENANT} stop sales together, each within its own limit`, async () => {
    // One Sedna agency per tenant: the simulator counts and limits each on its own.
    const tenants: { tenant: Tenant; agency: string }[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const agency = `agency${i}`;
      await simPost(stack.sim, 'agencies', {
        username: agency,
        password: `${agency}-pass`,
        operatorId: 1000 + i,
        operatorCode: `OP${i}`,
      });
      const tenant = await createTenant(stack.api.url, stack.sim, {
        rate: LIMIT,
        username: agency,
        password: `${agency}-pass`,
        operatorId: 1000 + i,
      });
      tenants.push({ tenant, agency });
    }
    const emailIds = await Promise.all(
      tenants.map(({ tenant }, i) =>
        importEmails(stack.api.url, tenant, stopSaleEmails(`mt${i}`, PER_TENANT)),
      ),
    );
    const syncIds = await Promise.all(
      tenants.map(({ tenant }, i) => startSync(stack.api.url, tenant, emailIds[i])),
    );
    const runs = await Promise.all(syncIds.map((id) => waitForRun(id, 180_000)));
    for (const run of runs)
      expect(run).toMatchObject({ status: 'completed', successful_count: PER_TENANT });

    const stats = (await simGet(stack.sim, 'stats')).agencies;
    for (const { tenant, agency } of tenants) {
      expect(stats[agency]).toMatchObject({
        stopSalesCreated: PER_TENANT,
        rateLimited: 0,
        duplicatesRejected: 0,
      });
      expect(stats[agency].maxInSlidingSecond).toBeLessThanOrEqual(LIMIT);
      const rows = await queryDb(
        'SELECT count(*)::int AS synced FROM stop_sales WHERE tenant_id = $1 AND sedna_synced',
        [tenant.id],
      );
      expect(rows).toEqual([{ synced: PER_TENANT }]);
    }
    // Nothing was created twice, across all tenants: every header is one of our rows.
    const headers = (await simGet(stack.sim, 'stop-sales')) as { RecId: number }[];
    const ours = await queryDb(
      'SELECT sedna_rec_id FROM stop_sales WHERE tenant_id = ANY($1) AND sedna_synced',
      [tenants.map(({ tenant }) => tenant.id)],
    );
    expect(headers.map((h) => h.RecId).sort()).toEqual(ours.map((r) => r.sedna_rec_id).sort());
    expect(headers).toHaveLength(TENANTS * PER_TENANT);
  });
});
