/**
 * The OpenAPI document the API serves (`/api/docs-json`, built as src/app.ts builds /api/docs)
 * describes every route: a summary, a 2xx answer with a schema (or its content type, for the
 * SSE stream and the xlsx report), and the errors every route can give, each an RFC 9457
 * problem (`application/problem+json`) listing its codes: 401 under JWT, 429, 503, 404 where
 * the path takes an id. Then every route is called the ways it documents it can fail, and each
 * answer must be a problem whose `code` is one the route documents for that status.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';
import { makeToken } from '../support/tokens';

// The document is read freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const PROBLEM = 'application/problem+json';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('OpenAPI document', () => {
  let api: RunningApi;
  let doc: Json;
  /** Every operation, as `METHOD /path`. */
  let operations: { name: string; path: string; op: Json }[];

  beforeAll(async () => {
    // The walk sends some 150 requests, three bad bodies to each of five routes that start work:
    // more than a tenant's budgets (burst 60, starts burst 10), which have their own spec
    // (rate-limit.spec.ts).
    const { apiRateLimit } = loadConfig();
    api = await startApi({
      apiRateLimit: {
        ...apiRateLimit,
        perSecond: 1000,
        burst: 1000,
        workflowStarts: { perSecond: 100, burst: 100 },
      },
    });
    const res = await call(api.url, 'GET', '/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
    operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({
        name: `${m.toUpperCase()} ${path}`,
        path,
        op: item[m],
      })),
    );
  });
  afterAll(() => api?.close());

  /** Names of the operations for which `problem` answers a text. */
  const problems = (problem: (op: Json, path: string) => string | null) =>
    operations
      .map(({ name, path, op }) => {
        const text = problem(op, path);
        return text ? `${name}: ${text}` : null;
      })
      .filter(Boolean);

  /** The codes an operation documents for an HTTP status (its problem schema's `code` enum). */
  const documentedCodes = (op: Json, status: string | number): string[] => {
    const schema = op.responses?.[String(status)]?.content?.[PROBLEM]?.schema;
    const [base, own] = schema?.allOf ?? [];
    const ref = base?.$ref?.split('/').pop();
    const isProblem = ref && doc.components.schemas[ref]?.properties?.code?.type === 'string';
    return isProblem ? (own?.properties?.code?.enum ?? []) : [];
  };

  const isTenantRoute = (op: Json) => Array.isArray(op.security) && op.security.length > 0;

  it('lists the routes of SPEC §4 and §10', () => {
    const names = operations.map((o) => o.name);
    for (const name of [
      'POST /api/sync/emails',
      'GET /api/sync/{id}/progress',
      'GET /api/sync/{id}/result',
      'GET /api/sync/{id}/report',
      'POST /api/sync/{id}/retry',
      'POST /api/sync/retry-failed',
      'POST /api/sync/{id}/cancel',
      'GET /api/sync/history',
      'GET /api/emails/pending',
      'POST /api/emails',
      'GET /api/settings/sedna',
      'PUT /api/settings/sedna',
      'POST /api/settings/sedna/test',
      'GET /api/settings/webhooks',
      'PUT /api/settings/webhooks',
      'DELETE /api/settings/webhooks',
      'GET /api/settings/webhooks/deliveries',
      'GET /api/hotel-mappings',
      'GET /health',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('gives every operation a summary', () => {
    expect(problems((op) => (op.summary?.trim() ? null : 'no summary'))).toEqual([]);
  });

  it('gives every operation a 2xx answer with a schema, or a documented content type', () => {
    expect(
      problems((op) => {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        if (!ok.length) return 'no 2xx answer';
        const described = ok.some(([code, res]: [string, Json]) => {
          if (code === '204') return true; // No content, by definition.
          const content = res.content ?? {};
          if (content['application/json']?.schema) return true;
          if (content['text/event-stream']?.schema) return true;
          return content[XLSX]?.schema?.format === 'binary';
        });
        return described ? null : `2xx without a schema (${ok.map(([c]) => c).join(', ')})`;
      }),
    ).toEqual([]);
  });

  it('documents the progress stream as text/event-stream with its frame shapes', () => {
    const op = doc.paths['/api/sync/{id}/progress'].get;
    const stream = op.responses['200'].content['text/event-stream'];
    expect(stream.schema.oneOf.map((s: Json) => s.$ref)).toEqual([
      '#/components/schemas/ProgressFrameDto',
      '#/components/schemas/CompleteFrameDto',
      '#/components/schemas/SednaFrameDto',
      '#/components/schemas/Phase2PendingFrameDto',
      '#/components/schemas/WorkersFrameDto',
    ]);
    const frames = doc.components.schemas;
    expect(frames.ProgressFrameDto.required).toEqual(
      expect.arrayContaining(['type', 'current', 'total', 'item']),
    );
    expect(frames.CompleteFrameDto.properties.summary).toBeDefined();
    expect(frames.Phase2PendingFrameDto.properties.items.items.$ref).toBe(
      '#/components/schemas/Phase2PendingItemDto',
    );
    expect(doc.components.schemas.SyncResultDto.required).toEqual(
      expect.arrayContaining(['phase2_pending', 'workers']),
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/ready', '/health/live']),
    );
    expect(op.responses['200'].description).toMatch(/Last-Event-ID/);
  });

  it('documents the report as an xlsx attachment', () => {
    const op = doc.paths['/api/sync/{id}/report'].get;
    expect(op.responses['200'].content[XLSX].schema).toEqual({ type: 'string', format: 'binary' });
  });

  it('has one problem schema (RFC 9457, with a code and field errors)', () => {
    expect(doc.components.schemas.ProblemDto).toMatchObject({
      type: 'object',
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'number' },
        detail: { type: 'string' },
        code: { type: 'string' },
        errors: { type: 'array' },
      },
      required: ['type', 'title', 'status', 'detail', 'code'],
    });
  });

  /** The error answers an operation must document, each in the shared shape. */
  const expectedErrors = (op: Json, path: string) => [
    ...(isTenantRoute(op) ? ['401'] : []),
    '429',
    // Liveness asks no dependency: it has no outage to answer 503 for.
    ...(path === '/health/live' ? [] : ['503']),
    ...(/\{id\}/.test(path) ? ['404'] : []),
  ];

  it('documents 401 (under JWT), 429, 503 and, where the path takes an id, 404', () => {
    expect(
      problems((op, path) => {
        const missing = expectedErrors(op, path).filter((code) => !op.responses?.[code]);
        return missing.length ? `missing ${missing.join(', ')}` : null;
      }),
    ).toEqual([]);
  });

  it('documents a 400 wherever a body, a query parameter or an id can be wrong', () => {
    expect(
      problems((op, path) => {
        const takesInput =
          op.requestBody ||
          /\{id\}/.test(path) ||
          (op.parameters ?? []).some((p: Json) => p.in === 'query' && p.name !== 'access_token');
        return takesInput && !op.responses?.['400'] ? 'missing 400' : null;
      }),
    ).toEqual([]);
  });

  it('documents every 4xx and 5xx as a problem listing its codes', () => {
    expect(
      problems((op, path) => {
        const wrong = Object.entries(op.responses ?? {})
          .filter(([code]) => /^[45]\d\d$/.test(code))
          // /health's (and /health/ready's) 503 is its readiness report: the checks, as on its 200.
          .filter(([code]) => !(['/health', '/health/ready'].includes(path) && code === '503'))
          .filter(([code]) => documentedCodes(op, code).length === 0)
          .map(([code]) => code);
        return wrong.length ? `not a problem with codes: ${wrong.join(', ')}` : null;
      }),
    ).toEqual([]);
  });

  it('marks every /api route but the docs as under JWT, and /health as public', () => {
    expect(
      problems((op, path) =>
        path.startsWith('/api/') && !isTenantRoute(op) ? 'no bearer security' : null,
      ),
    ).toEqual([]);
    for (const path of ['/health', '/health/ready', '/health/live'])
      expect(isTenantRoute(doc.paths[path].get)).toBe(false);
  });

  describe('answers each documented failure as a problem with a documented code', () => {
    const token = makeToken(`problems-${randomUUID().slice(0, 8)}`);
    /** What went wrong with one call: null when the answer is the documented problem. */
    async function check(
      name: string,
      op: Json,
      method: string,
      path: string,
      options: { token?: string; body?: unknown },
      want: number,
    ): Promise<string | null> {
      const res = await call(api.url, method, path, options);
      if (res.status !== want) return `${name}: ${path} answered ${res.status}, not ${want}`;
      if (!res.headers.get('content-type')?.startsWith(PROBLEM))
        return `${name}: ${want} as ${res.headers.get('content-type')}`;
      const { type, title, status, detail, code } = res.body ?? {};
      if (typeof type !== 'string' || typeof title !== 'string' || status !== want || !detail)
        return `${name}: ${want} is not a problem: ${res.text}`;
      const codes = documentedCodes(op, want);
      return codes.includes(code) ? null : `${name}: code ${code} not documented (${codes})`;
    }

    /** A path with its `{id}` filled in. */
    const withId = (path: string, id: string) => path.replace('{id}', id);
    const unknownId = (path: string) =>
      /^\/api\/(sync|reconcile)\//.test(path) ? randomUUID() : '999999';

    it('401 without a token, on every route under JWT', async () => {
      const failures: string[] = [];
      for (const { name, path, op } of operations.filter((o) => isTenantRoute(o.op))) {
        const method = name.split(' ')[0];
        const failure = await check(name, op, method, withId(path, unknownId(path)), {}, 401);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    });

    it('400 for a malformed id and 404 for an unknown one, on every route taking an id', async () => {
      const failures: string[] = [];
      const withIds = operations.filter((o) => o.path.includes('{id}'));
      expect(withIds.length).toBeGreaterThan(5);
      for (const { name, path, op } of withIds) {
        const method = name.split(' ')[0];
        const bad = await check(name, op, method, withId(path, 'not-an-id'), { token }, 400);
        if (bad) failures.push(bad);
        // A route whose body is required would refuse the body first: those check 400 below.
        if (op.requestBody?.required) continue;
        const unknown = await check(
          name,
          op,
          method,
          withId(path, unknownId(path)),
          { token, body: op.requestBody ? {} : undefined },
          404,
        );
        if (unknown) failures.push(unknown);
      }
      expect(failures).toEqual([]);
    });

    it('400 with field errors for an unknown body field, and for a body that is not JSON', async () => {
      const failures: string[] = [];
      const withBodies = operations.filter((o) => o.op.requestBody);
      expect(withBodies.length).toBeGreaterThan(5);
      for (const { name, path, op } of withBodies) {
        const method = name.split(' ')[0];
        const target = withId(path, unknownId(path));
        const res = await call(api.url, method, target, { token, body: { not_a_field: 1 } });
        if (res.status !== 400 || !res.body?.errors?.some((e: Json) => e.field === 'not_a_field'))
          failures.push(`${name}: an unknown field answered ${res.status} ${res.text}`);
        const unknownField = await check(name, op, method, target, { token, body: { x: 1 } }, 400);
        if (unknownField) failures.push(unknownField);
        const notJson = await check(name, op, method, target, { token, body: '{"a":' }, 400);
        if (notJson) failures.push(notJson);
      }
      expect(failures).toEqual([]);
    });

    it('400 naming the parameter for a bad query value, on every route with a limit', async () => {
      const failures: string[] = [];
      const paged = operations.filter((o) =>
        (o.op.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'limit'),
      );
      expect(paged.length).toBeGreaterThan(2);
      for (const { name, path, op } of paged) {
        const failure = await check(name, op, 'GET', `${path}?limit=abc`, { token }, 400);
        if (failure) failures.push(failure);
        const res = await call(api.url, 'GET', `${path}?limit=abc`, { token });
        if (!res.body?.errors?.some((e: Json) => e.field === 'limit'))
          failures.push(`${name}: no field error for limit: ${res.text}`);
      }
      expect(failures).toEqual([]);
    });

    it('clamps a page size above the documented maximum to it, and answers the size used', async () => {
      const answered: string[] = [];
      const failures: string[] = [];
      for (const { name, path, op } of operations) {
        const limit = (op.parameters ?? []).find(
          (p: Json) => p.in === 'query' && p.name === 'limit',
        );
        if (!limit) continue;
        const max = limit.schema.maximum;
        const target = withId(path, unknownId(path));
        const res = await call(api.url, 'GET', `${target}?limit=${max * 10}`, { token });
        // The Sedna hotel list needs Sedna settings, which this tenant has not saved; a page of
        // an unknown id's items is its 404.
        if (res.status === 409 || (path.includes('{id}') && res.status === 404)) continue;
        answered.push(name);
        if (res.status !== 200 || res.body.limit !== max)
          failures.push(
            `${name}: limit=${max * 10} answered ${res.status} ${res.text.slice(0, 200)}`,
          );
      }
      expect(failures).toEqual([]);
      expect(answered.length).toBeGreaterThanOrEqual(3);
    });
  });
});
