/**
 * The dashboard's run view says what the operator must know about Sedna: a stop sale whose
 * header is in Sedna without its rooms, and a tenant's Sedna that does not answer (since when,
 * with what error). Real browser, real stack, the simulator's fault injection.
 */
import type { Browser, Page } from 'playwright-core';
import { sleep } from '../../scripts/local-stack';
import { startSyncStack, stopSyncStack, SyncStack } from '../support/sync-stack';
import { call } from '../support/http';
import {
  importStopSalesWithFaults,
  simPost,
  startSync,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { startTestWorker } from '../support/worker';
import { launchChromium } from './support/browser';
import { openPage } from './support/dashboard-stack';
import { ensureWebBuild } from './support/web-build';

describe('dashboard: Sedna state of a run', () => {
  let stack: SyncStack;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    ensureWebBuild();
    stack = await startSyncStack();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopSyncStack(stack);
  });

  async function openRun(
    tenant: Tenant,
    syncId: string,
  ): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.api.url}/#/history/${syncId}`);
    await page.getByLabel('API token').fill(tenant.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('dialog', { name: 'Sync results' }).waitFor();
    return { page, errors };
  }

  it('flags a stop sale whose header is in Sedna without rooms', async () => {
    await simPost(stack.sim, 'reset');
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'e2e-p2', [
      { action: 'phase2', kind: 'business-error', times: 1 },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    await waitForRun(syncId);
    const result = (
      await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })
    ).body;
    const sednaId = result.failed[0].sedna_id as number;
    expect(Number.isInteger(sednaId) && sednaId > 0).toBe(true);

    const { page, errors } = await openRun(tenant, syncId);
    const dialog = page.getByRole('dialog', { name: 'Sync results' });
    await dialog.getByText(`In Sedna without rooms (RecId ${sednaId})`).waitFor();
    await dialog.getByText('SEDNA_REJECTED · phase2').waitFor();
    expect(await dialog.getByTestId('in-sedna-without-rooms').textContent()).toMatch(
      /1 stop sale is in Sedna without rooms/,
    );
    expect(errors).toEqual([]);
  });

  it('shows a stop sale whose Phase 2 retries as in Sedna without rooms, in the result and live, until it completes', async () => {
    await simPost(stack.sim, 'reset');
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'e2e-p2l', [
      { action: 'phase2', kind: 'http500' },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const deadline = Date.now() + 60_000;
    let sednaId = 0;
    while (!sednaId) {
      const body = (
        await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })
      ).body;
      if (body.phase2_pending?.[0]?.error) sednaId = body.phase2_pending[0].sedna_id;
      else if (Date.now() > deadline) throw new Error('Phase 2 never showed a failed attempt');
      else await sleep(200);
    }

    const { page, errors } = await openRun(tenant, syncId);
    const result = page.getByRole('dialog', { name: 'Sync results' });
    const inResult = result.getByTestId('phase2-pending');
    await inResult.waitFor();
    expect(await inResult.textContent()).toMatch(
      new RegExp(
        `1 stop sale in Sedna without rooms: Phase 2 is still being tried.*` +
          `In Sedna without rooms \\(RecId ${sednaId}\\).*SEDNA_UNREACHABLE · phase2.*` +
          `Last attempt: .*Sedna server error \\(HTTP 500\\)`,
      ),
    );
    // The note about headers a retry completes is for runs whose Phase 2 ended: none here.
    expect(await result.getByTestId('in-sedna-without-rooms').count()).toBe(0);

    await result.getByRole('button', { name: 'Watch progress' }).click();
    const live = page.getByRole('dialog', { name: 'Syncing to Sedna' });
    await live.getByTestId('phase2-pending').getByText(`RecId ${sednaId}`).waitFor();

    await simPost(stack.sim, 'faults', { rules: [] });
    const finished = page.getByRole('dialog', { name: 'Sync finished' });
    await finished.waitFor({ timeout: 120_000 });
    expect(await finished.getByTestId('phase2-pending').count()).toBe(0);
    await finished.getByText(`Sedna ${sednaId}`).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a banner while no worker polls, since when; it goes once a worker is back', async () => {
    await simPost(stack.sim, 'reset');
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'e2e-nw', [
      { action: 'phase2', kind: 'http500' },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const until = async (what: string, timeoutMs: number, done: () => Promise<boolean>) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(500);
      }
    };
    await until('Phase 2 to fail once', 60_000, async () => {
      const body = (
        await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })
      ).body;
      return !!body.phase2_pending?.[0]?.error;
    });
    await stack.worker.shutdown();
    // Temporal forgets each queue's pollers on its own clock: one queue can read as polled for
    // a while after the other reads as idle. The banner names every idle queue.
    await until('health to say no worker polls either queue', 240_000, async () => {
      const health = await call(stack.api.url, 'GET', '/health');
      const queues: { pollers: number }[] = health.body.workers?.queues ?? [];
      return queues.length === 2 && queues.every((q) => q.pollers === 0);
    });

    const { page, errors } = await openRun(tenant, syncId);
    const result = page.getByRole('dialog', { name: 'Sync results' });
    const banner = result.getByTestId('no-worker');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(
      /No worker is running since .+Nothing polls sedna-sync \(workflow tasks\) and sedna-calls \(activity tasks\)/,
    );
    await result.getByRole('button', { name: 'Watch progress' }).click();
    const live = page.getByRole('dialog', { name: 'Syncing to Sedna' });
    await live.getByTestId('no-worker').waitFor();

    stack.worker = await startTestWorker();
    await live.getByTestId('no-worker').waitFor({ state: 'detached', timeout: 60_000 });
    await simPost(stack.sim, 'faults', { rules: [] });
    await page.getByRole('dialog', { name: 'Sync finished' }).waitFor({ timeout: 240_000 });
    expect(errors).toEqual([]);
  }, 600_000);

  it('says that the tenant’s Sedna is not answering, since when and why', async () => {
    await simPost(stack.sim, 'reset');
    const { tenant, ids } = await importStopSalesWithFaults(stack.api.url, stack.sim, 'e2e-down', [
      { action: 'any', kind: 'reset' },
    ]);
    const syncId = await startSync(stack.api.url, tenant, ids);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const body = (
        await call(stack.api.url, 'GET', `/api/sync/${syncId}/result`, { token: tenant.token })
      ).body;
      if (body.sedna?.reachable === false) break;
      if (Date.now() > deadline) throw new Error('Sedna was never reported unreachable');
      await sleep(200);
    }
    const { page, errors } = await openRun(tenant, syncId);
    const alert = page.getByTestId('sedna-unreachable');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /Sedna is not answering since .+Last error .+Sedna is unreachable/,
    );
    await simPost(stack.sim, 'faults', { rules: [] });
    expect(await waitForRun(syncId)).toMatchObject({ status: 'completed' });
    expect(errors).toEqual([]);
  });
});
