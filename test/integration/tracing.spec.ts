import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { waitForHttp, waitForWorker } from '../../scripts/app-stack';
import { freePort, waitFor } from '../../scripts/local-stack';
import { ManagedProcess, REPO_ROOT, spawnTs } from '../../scripts/managed-process';
import { SednaSimulator, startSednaSimulator } from '../../sedna-sim/sedna-simulator';
import { WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';
import { assertBuilt, productionEnv, startDist } from '../support/dist-stack';
import { call } from '../support/http';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND, startOtlpReceiver } from '../support/otlp-receiver';
import { readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  simPost,
  stopSaleEmail,
  waitForRun,
} from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';

type LogLine = Record<string, unknown>;

/** How the API and the worker run: `node dist/src/*.js` as the image does, or the sources (dev). */
type Mode = 'dist' | 'source';

interface TracedStack {
  receiver: OtlpReceiver;
  sim: SednaSimulator;
  apiUrl: string;
  api: ManagedProcess;
  worker: ManagedProcess;
  apiLines: string[];
  workerLines: string[];
}

/**
 * The simulator in this process; the API and a worker in processes of their own with tracing on
 * (OTEL_EXPORTER_OTLP_ENDPOINT), exporting to a local OTLP receiver; every output line kept.
 */
function useTracedStack(mode: Mode): TracedStack {
  const stack = { apiLines: [] as string[], workerLines: [] as string[] } as TracedStack;
  beforeAll(async () => {
    if (mode === 'dist') assertBuilt();
    stack.receiver = await startOtlpReceiver();
    stack.sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: stack.receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      LOG_LEVEL: 'info',
    };
    const port = await freePort();
    stack.apiUrl = `http://127.0.0.1:${port}`;
    const keep = (lines: string[]) => (line: string) => lines.push(line);
    if (mode === 'dist') {
      const env = productionEnv(tracing);
      stack.api = startDist(
        'api',
        'src/main',
        { ...env, PORT: String(port) },
        keep(stack.apiLines),
      );
      stack.worker = startDist(
        'worker',
        'src/worker',
        { ...env, ...WORKER_ALLOCATOR_ENV },
        keep(stack.workerLines),
      );
    } else {
      stack.api = spawnTs('api', join(REPO_ROOT, 'src', 'main.ts'), {
        env: { ...process.env, ...tracing, PORT: String(port) },
        onLine: keep(stack.apiLines),
      });
      stack.worker = await spawnWorkerProcess('worker', tracing, keep(stack.workerLines));
    }
    await Promise.all([
      waitForHttp(`${stack.apiUrl}/health`, stack.api, (status) => status === 200),
      waitForWorker(process.env.TEMPORAL_ADDRESS!, stack.worker, process.env.TEMPORAL_NAMESPACE),
    ]);
  });
  afterAll(async () => {
    await stack.worker?.stop();
    await stack.api?.stop();
    await stack.sim?.close();
    await stack.receiver?.close();
  });
  return stack;
}

const jsonLines = (lines: string[]): LogLine[] =>
  lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);

/** The span and its ancestors among `spans`, root first. */
function chainOf(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain = [span];
  for (let s = span; s.parentSpanId && byId.has(s.parentSpanId);) {
    s = byId.get(s.parentSpanId)!;
    chain.unshift(s);
  }
  return chain;
}

/** Polls until `find` returns something (spans arrive in batches, every 100 ms here). */
const eventually = <T>(what: string, find: () => T | undefined) =>
  waitFor(what, async () => find(), { timeoutMs: 30_000, intervalMs: 100 });

describe.each<Mode>(['dist', 'source'])('tracing, API and worker run from %s', (mode) => {
  const stack = useTracedStack(mode);
  const SEDNA_PASSWORD = `sedna-pw-${randomUUID()}`;
  const requestId = `trace-${randomUUID()}`;
  let tenant: { id: string; token: string };
  let syncId: string;

  beforeAll(async () => {
    const username = `trace-${mode}-${randomUUID().slice(0, 8)}`;
    await simPost(stack.sim, 'agencies', {
      username,
      password: SEDNA_PASSWORD,
      operatorId: 571,
      operatorCode: '7STAR',
    });
    tenant = await createTenant(stack.apiUrl, stack.sim, {
      rate: 20,
      username,
      password: SEDNA_PASSWORD,
    });
    const tag = `trace-${mode}-${randomUUID().slice(0, 8)}`;
    const ids = await importEmails(stack.apiUrl, tenant, [
      stopSaleEmail(`${tag}-known`, 'Mandarin Resort', '2027-09-01', '2027-09-05', ['DBL']),
      stopSaleEmail(`${tag}-unknown`, 'Nowhere Palace', '2027-09-01', '2027-09-05', ['DBL']),
    ]);
    const res = await call(stack.apiUrl, 'POST', '/api/sync/emails', {
      token: tenant.token,
      headers: { 'x-request-id': requestId },
      body: { email_ids: ids },
    });
    expect(res.status).toBe(200);
    syncId = res.body.sync_id as string;
    await waitForRun(syncId);
  });

  /** The API's span of the request that started the run: the root of the run's trace. */
  const startRequestSpan = () =>
    eventually('the API request span', () =>
      stack.receiver.spans.find(
        (s) =>
          s.service === 'sedna-sync-api' &&
          s.kind === SPAN_KIND.server &&
          s.name === 'POST /api/sync/emails',
      ),
    );

  it('links the API request → BulkSync → child → Phase 1 activity → the Sedna request in one trace', async () => {
    const root = await startRequestSpan();
    expect(root.parentSpanId).toBeUndefined();
    // The Sedna request of a Phase 1: a request span whose parent is the activity's.
    const { spans } = stack.receiver;
    const phase1Request = () =>
      spans.find(
        (s) =>
          s.kind === SPAN_KIND.client &&
          spans.some(
            (p) => p.spanId === s.parentSpanId && p.name === 'RunActivity:createStopSaleHeader',
          ),
      );
    // The workflows' spans are exported as they end: wait for the chain up to the API's request,
    // then compare whatever arrived (the assertion below says what is missing).
    await eventually('the Phase 1 Sedna request span, linked to the request', () => {
      const request = phase1Request();
      return request && chainOf(request, spans)[0] === root ? request : undefined;
    }).catch(() => undefined);
    const sednaRequest = phase1Request();
    expect(sednaRequest).toBeDefined();
    const chain = chainOf(sednaRequest!, spans);
    expect(chain.map((s) => [s.service, s.name])).toEqual([
      ['sedna-sync-api', 'POST /api/sync/emails'],
      ['sedna-sync-api', 'StartWorkflow:bulkSyncWorkflow'],
      ['sedna-sync-worker', 'RunWorkflow:bulkSyncWorkflow'],
      ['sedna-sync-worker', 'StartChildWorkflow:syncItemWorkflow'],
      ['sedna-sync-worker', 'RunWorkflow:syncItemWorkflow'],
      ['sedna-sync-worker', 'StartActivity:createStopSaleHeader'],
      ['sedna-sync-worker', 'RunActivity:createStopSaleHeader'],
      ['sedna-sync-worker', 'PUT'],
    ]);
    expect(new Set(chain.map((s) => s.traceId))).toEqual(new Set([root.traceId]));
    expect(root.attributes).toMatchObject({ 'http.method': 'POST', 'http.status_code': 200 });
    expect(sednaRequest!.attributes).toMatchObject({
      'http.method': 'PUT',
      'http.url': `${stack.sim.url}/api/Contract/UpdateStopSale`,
      'http.status_code': 200,
    });

    // The first request each process served or sent has its span too: the tenant's settings
    // (API), the Sedna login (the worker's first; untraced while tracing started after the
    // application had loaded http). The login sends the password in its query: redacted.
    expect(spans.map((s) => s.name)).toContain('PUT /api/settings/sedna');
    const login = spans.find((s) =>
      String(s.attributes['http.url'] ?? '').includes('/api/Integratiion/AgencyLogin'),
    );
    expect(login?.attributes['http.url']).toContain('password=[REDACTED]');
    const exported = JSON.stringify(spans);
    for (const secret of [SEDNA_PASSWORD, tenant.token]) expect(exported).not.toContain(secret);
  });

  it('puts the trace id on the API access line and on the worker lines of a failed activity, no secret logged', async () => {
    const root = await startRequestSpan();
    const access = await eventually('the access line', () =>
      jsonLines(stack.apiLines).find(
        (line) => line.request_id === requestId && line.msg === 'request completed',
      ),
    );
    expect(access).toMatchObject({ service: 'api', trace_id: root.traceId, span_id: root.spanId });

    // The SDK writes "Activity failed" once the activity's span has ended (hotel not found).
    const failed = await eventually('the worker line of the failed activity', () =>
      jsonLines(stack.workerLines).find(
        (line) => line.msg === 'Activity failed' && JSON.stringify(line).includes('Nowhere Palace'),
      ),
    );
    expect(failed).toMatchObject({
      service: 'worker',
      level: 'warn',
      context: 'temporal-sdk',
      trace_id: root.traceId,
      taskToken: '[REDACTED]',
    });
    const activitySpan = await eventually('the failed activity span', () =>
      stack.receiver.spans.find((s) => s.spanId === failed.span_id),
    );
    expect(activitySpan).toMatchObject({
      traceId: root.traceId,
      name: `RunActivity:${String(failed.activityType)}`,
    });

    const logged = [...stack.apiLines, ...stack.workerLines].join('\n');
    for (const secret of [SEDNA_PASSWORD, tenant.token]) expect(logged).not.toContain(secret);
  });

  it('answers the progress stream with X-Request-Id (given or new) and traces it without the query token', async () => {
    const given = `sse-${randomUUID()}`;
    const withId = readProgress(stack.apiUrl, syncId, tenant.token, {
      requestId: given,
      tokenInQuery: true,
    });
    expect((await withId.done).at(-1)?.type).toBe('complete');
    expect(withId.responses[0].get('x-request-id')).toBe(given);
    const withoutId = readProgress(stack.apiUrl, syncId, tenant.token);
    await withoutId.done;
    expect(withoutId.responses[0].get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const stream = await eventually('the progress stream span', () =>
      stack.receiver.spans.find(
        (s) =>
          s.name === 'GET /api/sync/:id/progress' &&
          String(s.attributes['http.target']).includes('access_token='),
      ),
    );
    expect(stream.attributes['http.target']).toBe(
      `/api/sync/${syncId}/progress?access_token=[REDACTED]`,
    );
    const access = await eventually('the stream access line', () =>
      jsonLines(stack.apiLines).find(
        (line) => line.request_id === given && line.msg === 'request completed',
      ),
    );
    expect(access).toMatchObject({ trace_id: stream.traceId, route: '/api/sync/:id/progress' });
  });
});
