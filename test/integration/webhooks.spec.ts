/**
 * Webhooks per tenant (SPEC §10) on the real stack: settings, the signed POST after a run,
 * retries with backoff, the event filter, a slow receiver that never holds the run, the log;
 * a completed drift check's `reconcile.completed`.
 * RECORD_HISTORIES=1 also writes the delivery's history for the replay test.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createHmac, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '../../scripts/local-stack';
import {
  bulkSyncWorkflowId,
  reconcileWebhookDeliveryId,
  webhookDeliveryId,
} from '../../src/contract/workflow-ids';
import { reconcileWorkflowId } from '../../src/contract/reconcile';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { startSyncStack, stopSyncStack, SyncStack } from '../support/sync-stack';

const SECRET = `whsec-${randomUUID()}`;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  res: ServerResponse;
}

/** A local receiver: every request is kept; `answer` decides (or holds) each response. */
class Receiver {
  readonly requests: Received[] = [];
  answer: (r: Received, n: number) => number | null = () => 200;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = {
          path: req.url ?? '',
          headers: req.headers,
          raw: Buffer.concat(chunks).toString(),
          res,
        };
        this.requests.push(r);
        const status = this.answer(r, this.requests.length);
        if (status !== null) res.writeHead(status).end('receiver text never shown');
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async waitForRequests(n: number, timeoutMs = 60_000): Promise<Received[]> {
    await waitFor(`${n} webhook requests`, async () => this.requests.length >= n || undefined, {
      timeoutMs,
      intervalMs: 50,
    });
    return this.requests;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhooks', () => {
  let stack: SyncStack;
  let receiver: Receiver;
  let receiverUrl: string;
  const syncIds: string[] = [];

  beforeAll(async () => {
    stack = await startSyncStack();
    receiver = new Receiver();
    receiverUrl = await receiver.listen();
  });

  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer = () => 200;
  });

  afterAll(async () => {
    // Deliveries still retrying would outlive this file's receiver.
    for (const id of syncIds) {
      await stack.temporal.workflow
        .getHandle(webhookDeliveryId(id))
        .terminate('test over')
        .catch(() => undefined);
    }
    await receiver?.close();
    await stopSyncStack(stack);
  });

  async function tenantWithWebhook(events?: string[]): Promise<Tenant> {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const res = await call(stack.api.url, 'PUT', '/api/settings/webhooks', {
      token: tenant.token,
      body: { url: `${receiverUrl}/hooks/sedna`, secret: SECRET, ...(events && { events }) },
    });
    expect(res.status).toBe(200);
    return tenant;
  }

  async function runSync(tenant: Tenant, emails: unknown[]) {
    const ids = await importEmails(stack.api.url, tenant, emails);
    const syncId = await startSync(stack.api.url, tenant, ids);
    syncIds.push(syncId);
    return syncId;
  }

  /**
   * The run's row is closed before its workflow starts the delivery child, so the delivery is
   * looked up once the run's workflow itself has closed (it starts the child first).
   */
  const deliveryResult = async (syncId: string) => {
    await stack.temporal.workflow.getHandle(bulkSyncWorkflowId(syncId)).result();
    return stack.temporal.workflow.getHandle(webhookDeliveryId(syncId)).result();
  };

  const deliveries = async (tenant: Tenant) =>
    (await call(stack.api.url, 'GET', '/api/settings/webhooks/deliveries', { token: tenant.token }))
      .body;

  it('saves, shows (never the secret), validates and turns off the webhook', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const put = (body: unknown) =>
      call(stack.api.url, 'PUT', '/api/settings/webhooks', { token: tenant.token, body });
    const get = () => call(stack.api.url, 'GET', '/api/settings/webhooks', { token: tenant.token });

    expect((await get()).body).toEqual({
      url: null,
      events: [],
      secret_set: false,
      updated_at: null,
    });

    const refused = [
      [{ url: 'http://10.1.2.3/hook', secret: SECRET }, /^url: must lead to a public host/],
      [{ url: 'http://localhost:8080/hook', secret: SECRET }, /^url: /],
      [{ url: 'http://169.254.169.254/latest', secret: SECRET }, /^url: /],
      [{ url: 'ftp://hooks.example.com/x', secret: SECRET }, /^url: /],
      [{ url: `${receiverUrl}/hooks/h?x=1`, secret: SECRET }, /^url: /],
      [{ url: `${receiverUrl}/hooks/h` }, /^secret: is required/],
      [{ url: `${receiverUrl}/hooks/h`, secret: 'short' }, /^secret: /],
      [{ url: `${receiverUrl}/hooks/h`, secret: SECRET, events: ['run.exploded'] }, /^events: /],
      [{ url: `${receiverUrl}/hooks/h`, secret: SECRET, events: [] }, /^events: /],
    ] as const;
    for (const [body, detail] of refused) {
      const res = await put(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.detail).toMatch(detail);
    }
    expect((await get()).body.url).toBeNull();

    const saved = await put({ url: `${receiverUrl}/hooks/h/`, secret: SECRET });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      url: `${receiverUrl}/hooks/h`,
      events: [
        'run.completed',
        'run.partial',
        'run.failed',
        'run.cancelled',
        'reconcile.completed',
      ],
      secret_set: true,
    });
    // Secret and events omitted: kept.
    const changed = await put({ url: `${receiverUrl}/hooks/other` });
    expect(changed.body).toMatchObject({ url: `${receiverUrl}/hooks/other`, secret_set: true });
    const narrowed = await put({
      url: `${receiverUrl}/hooks/other`,
      events: ['run.failed', 'run.failed'],
    });
    expect(narrowed.body.events).toEqual(['run.failed']);
    const shown = await get();
    expect(shown.body).toEqual({ ...narrowed.body });
    expect(shown.text).not.toContain(SECRET);
    const [row] = await queryDb(
      'SELECT secret_encrypted FROM webhook_settings WHERE tenant_id = $1',
      [tenant.id],
    );
    expect(row.secret_encrypted).not.toContain(SECRET);

    expect((await put({ url: null })).body).toMatchObject({ url: null, secret_set: false });
    expect((await get()).body.url).toBeNull();
    await put({ url: `${receiverUrl}/hooks/h`, secret: SECRET });
    const removed = await call(stack.api.url, 'DELETE', '/api/settings/webhooks', {
      token: tenant.token,
    });
    expect(removed).toMatchObject({ status: 200, body: { url: null } });
    expect((await get()).body.secret_set).toBe(false);
  });

  it('POSTs the signed summary after a run completes, and logs it', async () => {
    const tenant = await tenantWithWebhook();
    const syncId = await runSync(tenant, reservationEmails(`wh${Date.now()}`, 3));
    const run = await waitForRun(syncId);
    expect(run.status).toBe('completed');
    const [req] = await receiver.waitForRequests(1);

    expect(req.path).toBe('/hooks/sedna');
    const expected = createHmac('sha256', SECRET).update(req.raw).digest('hex');
    expect(req.headers['x-sedna-sync-signature']).toBe(`sha256=${expected}`);
    expect(req.headers['x-sedna-sync-event']).toBe('run.completed');
    expect(req.headers['x-sedna-sync-delivery']).toBe(`webhook-${syncId}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.raw)).toEqual({
      event: 'run.completed',
      sync_id: syncId,
      status: 'completed',
      total: 3,
      successful: 3,
      failed: 0,
      cancelled: 0,
      finished_at: new Date(run.completed_at).toISOString(),
    });
    // A wrong secret would not verify.
    expect(createHmac('sha256', 'other').update(req.raw).digest('hex')).not.toBe(expected);
    // Standard Webhooks: the delivery id, this attempt's time, v1 over "id.timestamp.body".
    expect(req.headers['webhook-id']).toBe(`webhook-${syncId}`);
    const timestamp = Number(req.headers['webhook-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(3600);
    const v1 = createHmac('sha256', SECRET)
      .update(`webhook-${syncId}.${timestamp}.${req.raw}`)
      .digest('base64');
    expect(req.headers['webhook-signature']).toBe(`v1,${v1}`);

    expect(await deliveryResult(syncId)).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    const log = await deliveries(tenant);
    expect(log).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(log.items[0]).toMatchObject({
      sync_id: syncId,
      delivery_id: `webhook-${syncId}`,
      event: 'run.completed',
      attempt: 1,
      outcome: 'delivered',
      status_code: 200,
      error: null,
    });

    if (process.env.RECORD_HISTORIES) {
      const dir = join(__dirname, '../replay/histories');
      const save = async (file: string, workflowId: string) => {
        const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
        writeFileSync(join(dir, file), `${historyToJSON(history)}\n`);
      };
      await save('webhook-delivered.json', webhookDeliveryId(syncId));
      await save('bulk-with-webhook.json', bulkSyncWorkflowId(syncId));
    }
  });

  it('retries a receiver that answers 500: three attempts, the same delivery id, all logged', async () => {
    receiver.answer = (_r, n) => (n <= 2 ? 500 : 200);
    const tenant = await tenantWithWebhook();
    const syncId = await runSync(tenant, reservationEmails(`wr${Date.now()}`, 1));
    expect((await waitForRun(syncId)).status).toBe('completed');
    const requests = await receiver.waitForRequests(3);
    expect(await deliveryResult(syncId)).toMatchObject({ outcome: 'delivered', attempt: 3 });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['x-sedna-sync-delivery']))).toEqual(
      new Set([`webhook-${syncId}`]),
    );
    // Each attempt is signed (the body is the same).
    for (const r of requests) {
      expect(r.headers['x-sedna-sync-signature']).toBe(
        `sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`,
      );
    }
    const log = await deliveries(tenant);
    expect(log.total).toBe(3);
    expect(
      log.items.map((d: { attempt: number; outcome: string; status_code: number }) => [
        d.attempt,
        d.outcome,
        d.status_code,
      ]),
    ).toEqual([
      [3, 'delivered', 200],
      [2, 'retrying', 500],
      [1, 'retrying', 500],
    ]);
    expect(JSON.stringify(log)).not.toContain('receiver text');
    // Paged.
    const page2 = await call(
      stack.api.url,
      'GET',
      '/api/settings/webhooks/deliveries?limit=2&page=2',
      {
        token: tenant.token,
      },
    );
    expect(page2.body).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(page2.body.items.map((d: { attempt: number }) => d.attempt)).toEqual([1]);
  });

  it('never opens Sedna’s allow-list to webhooks: the simulator’s reset is refused when saved and when sent', async () => {
    const tenant = await tenantWithWebhook();
    const reset = `${stack.sim.url}/__sim/reset`;
    const before = await queryDb('SELECT url FROM webhook_settings WHERE tenant_id = $1', [
      tenant.id,
    ]);
    // The simulator's host is allowed for Sedna (its /api path), never for webhooks; and a
    // receiver's host is allowed for webhooks under /hooks only.
    for (const url of [reset, `${stack.sim.url}/api/hook`, `${receiverUrl}/other`]) {
      const res = await call(stack.api.url, 'PUT', '/api/settings/webhooks', {
        token: tenant.token,
        body: { url, secret: SECRET },
      });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.detail).toMatch(/^url: must lead to a public host; 127\.0\.0\.1 is/);
    }
    expect(
      await queryDb('SELECT url FROM webhook_settings WHERE tenant_id = $1', [tenant.id]),
    ).toEqual(before);

    // Stored anyway (by hand, or by a version before the lists were apart): the worker refuses
    // the request, and the simulator keeps its records.
    await queryDb('UPDATE webhook_settings SET url = $2 WHERE tenant_id = $1', [tenant.id, reset]);
    const syncId = await runSync(tenant, stopSaleEmails(`wr${Date.now()}`, 1));
    expect((await waitForRun(syncId)).status).toBe('completed');
    expect(await deliveryResult(syncId)).toMatchObject({ outcome: 'failed' });
    expect((await deliveries(tenant)).items).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'failed',
        status_code: null,
        error: 'the address is not allowed for outbound requests',
      }),
    ]);
    const stored: { RecId: number }[] = await simGet(stack.sim, 'stop-sales');
    expect(stored.length).toBeGreaterThan(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('does not retry a 4xx refusal: one attempt, logged as failed', async () => {
    receiver.answer = () => 410;
    const tenant = await tenantWithWebhook();
    const syncId = await runSync(tenant, reservationEmails(`wg${Date.now()}`, 1));
    await waitForRun(syncId);
    expect(await deliveryResult(syncId)).toMatchObject({ outcome: 'failed' });
    expect(receiver.requests).toHaveLength(1);
    const log = await deliveries(tenant);
    expect(log.items).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', status_code: 410 }),
    ]);
  });

  it('respects the events: a cancelled run with only run.completed subscribed sends nothing', async () => {
    await simPost(stack.sim, 'config', { latencyMs: 300 });
    try {
      const tenant = await tenantWithWebhook(['run.completed']);
      const syncId = await runSync(tenant, stopSaleEmails(`wc${Date.now()}`, 20));
      const cancel = await call(stack.api.url, 'POST', `/api/sync/${syncId}/cancel`, {
        token: tenant.token,
      });
      expect(cancel.status).toBe(202);
      expect((await waitForRun(syncId)).status).toBe('cancelled');
      // The run's event is not subscribed: no delivery child was started at all.
      await expect(deliveryResult(syncId)).rejects.toThrow(WorkflowNotFoundError);
      expect(receiver.requests).toHaveLength(0);
      expect((await deliveries(tenant)).total).toBe(0);
    } finally {
      await simPost(stack.sim, 'config', { latencyMs: 0 });
    }
  });

  it('never holds the run: the run is completed and closed while the receiver hangs', async () => {
    receiver.answer = () => null;
    const tenant = await tenantWithWebhook();
    const syncId = await runSync(tenant, reservationEmails(`ws${Date.now()}`, 1));
    const [held] = await receiver.waitForRequests(1);
    expect(held.res.headersSent).toBe(false);
    const run = await waitForRun(syncId);
    expect(run.status).toBe('completed');
    const bulk = await stack.temporal.workflow.getHandle(bulkSyncWorkflowId(syncId)).describe();
    expect(bulk.status.name).toBe('COMPLETED');
    const delivery = await stack.temporal.workflow.getHandle(webhookDeliveryId(syncId)).describe();
    expect(delivery.status.name).toBe('RUNNING');
    expect(held.res.headersSent).toBe(false);
    held.res.writeHead(200).end();
    expect(await deliveryResult(syncId)).toMatchObject({ outcome: 'delivered' });
  });

  it('POSTs reconcile.completed, signed, when a drift check of a subscribed tenant completes', async () => {
    const tenant = await tenantWithWebhook(['reconcile.completed']);
    const syncId = await runSync(tenant, reservationEmails(`wr${Date.now()}`, 2));
    expect((await waitForRun(syncId)).status).toBe('completed');
    // Drift in Sedna: one of the two reservations deleted there.
    const [gone] = await queryDb(
      'SELECT sedna_rec_id FROM reservations WHERE tenant_id = $1 ORDER BY id LIMIT 1',
      [tenant.id],
    );
    await simPost(stack.sim, 'reservations/delete', { RecId: gone.sedna_rec_id });

    const started = await call(stack.api.url, 'POST', '/api/reconcile', {
      token: tenant.token,
      body: { window_days: 3 },
    });
    expect(started.status).toBe(202);
    const id: string = started.body.reconcile_id;
    // The run's own event is not subscribed: the only request is the check's.
    const [req] = await receiver.waitForRequests(1);
    const deliveryId = reconcileWebhookDeliveryId(id);
    const check = await call(stack.api.url, 'GET', `/api/reconcile/${id}`, { token: tenant.token });
    expect(check.body.status).toBe('completed');

    expect(req.path).toBe('/hooks/sedna');
    expect(req.headers['x-sedna-sync-event']).toBe('reconcile.completed');
    expect(req.headers['x-sedna-sync-delivery']).toBe(deliveryId);
    const payload = JSON.parse(req.raw);
    expect(payload).toEqual({
      event: 'reconcile.completed',
      tenant_id: tenant.id,
      reconcile_id: id,
      status: 'completed',
      trigger: 'manual',
      window_days: 3,
      window_start: check.body.window_start,
      started_at: check.body.started_at,
      finished_at: check.body.finished_at,
      error: null,
      workflow_id: `reconcile-${id}`,
      counts: { match: 1, missing_in_sedna: 1, different: 0, only_in_sedna: 0, total: 2 },
      links: { self: `/api/reconcile/${id}`, report: `/api/reconcile/${id}/report` },
    });
    expect(Object.keys(payload)[0]).toBe('event');
    // Both signatures verify with the tenant's secret, and not with another.
    const mac = createHmac('sha256', SECRET).update(req.raw).digest('hex');
    expect(req.headers['x-sedna-sync-signature']).toBe(`sha256=${mac}`);
    expect(req.headers['webhook-id']).toBe(deliveryId);
    const timestamp = Number(req.headers['webhook-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(3600);
    const v1 = (secret: string) =>
      createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${req.raw}`).digest('base64');
    expect(req.headers['webhook-signature']).toBe(`v1,${v1(SECRET)}`);
    expect(req.headers['webhook-signature']).not.toBe(`v1,${v1('other')}`);

    const delivered = await stack.temporal.workflow.getHandle(deliveryId).result();
    expect(delivered).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    expect((await deliveries(tenant)).items).toEqual([
      expect.objectContaining({
        sync_id: null,
        reconcile_id: id,
        delivery_id: deliveryId,
        event: 'reconcile.completed',
        outcome: 'delivered',
      }),
    ]);
  });

  it('starts no reconcile.completed delivery for a tenant that takes only run events', async () => {
    const tenant = await tenantWithWebhook(['run.completed']);
    const started = await call(stack.api.url, 'POST', '/api/reconcile', {
      token: tenant.token,
      body: {},
    });
    const id: string = started.body.reconcile_id;
    await waitFor('the check', async () => {
      const got = await call(stack.api.url, 'GET', `/api/reconcile/${id}`, { token: tenant.token });
      return got.body.status === 'completed' || undefined;
    });
    // The check's workflow would have started the delivery before it closed.
    await stack.temporal.workflow.getHandle(reconcileWorkflowId(id)).result();
    await expect(
      stack.temporal.workflow.getHandle(reconcileWebhookDeliveryId(id)).result(),
    ).rejects.toThrow(WorkflowNotFoundError);
    expect(receiver.requests).toHaveLength(0);
  });
});
