/**
 * The Settings page's Webhooks section: save a URL, the secret (write-only) and the events,
 * see the delivery of a run in the log, turn webhooks off. Real browser, real stack.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { waitFor } from '../../scripts/local-stack';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  reservationEmails,
  startSync,
  waitForRun,
} from '../support/sync-fixtures';
import { startSyncStack, stopSyncStack, SyncStack } from '../support/sync-stack';
import { launchChromium } from './support/browser';
import { openPage } from './support/dashboard-stack';
import { ensureWebBuild } from './support/web-build';

const SECRET = 'e2e-webhook-secret-0123456789';

describe('dashboard: webhooks', () => {
  let stack: SyncStack;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl: string;
  const bodies: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    ensureWebBuild();
    stack = await startSyncStack();
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        bodies.push(raw);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/sedna`;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    receiver?.closeAllConnections();
    receiver?.close();
    await stopSyncStack(stack);
  });

  it('saves the webhook, shows the delivery log and turns webhooks off', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`${stack.api.url}/#/settings`);
    await page.getByLabel('API token').fill(tenant.token);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const section = page.getByRole('form', { name: 'Webhooks' });
    await section.getByText(/^Off\./).waitFor();
    await section.getByLabel('URL', { exact: true }).fill(receiverUrl);
    await section.getByLabel('Secret', { exact: true }).fill(SECRET);
    await section.getByLabel(/Run cancelled/).uncheck();
    await section.getByRole('button', { name: 'Save webhook' }).click();
    await section.getByText(/Webhook saved at/).waitFor();
    expect(await section.getByLabel('Secret', { exact: true }).inputValue()).toBe('');
    await section.getByText('A secret is stored. Leave empty to keep it').waitFor();
    const stored = await call(stack.api.url, 'GET', '/api/settings/webhooks', {
      token: tenant.token,
    });
    expect(stored.body).toMatchObject({
      url: receiverUrl,
      events: ['run.completed', 'run.partial', 'run.failed', 'reconcile.completed'],
      secret_set: true,
    });

    const ids = await importEmails(stack.api.url, tenant, reservationEmails('e2e-wh', 1));
    const syncId = await startSync(stack.api.url, tenant, ids);
    await waitForRun(syncId);
    await waitFor('the delivery', async () => bodies.some((b) => b.includes(syncId)) || undefined);
    await page.reload();
    const log = section.getByRole('table', { name: 'Webhook deliveries, newest first' });
    await log.getByRole('cell', { name: 'run.completed' }).waitFor();
    await log.getByText('delivered').waitFor();
    await log.getByText('HTTP 204').waitFor();

    // The page's own save must not ask for the secret again.
    await section.getByLabel(/Run cancelled/).check();
    await section.getByRole('button', { name: 'Save webhook' }).click();
    await section.getByText(/Webhook saved at/).waitFor();

    await section.getByRole('button', { name: 'Turn off' }).click();
    await section.getByText('Webhooks turned off.').waitFor();
    const off = await call(stack.api.url, 'GET', '/api/settings/webhooks', { token: tenant.token });
    expect(off.body).toMatchObject({ url: null, secret_set: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
