/**
 * The OpenAPI document the API serves (`/api/docs-json`, built as src/app.ts builds /api/docs)
 * describes every route: a summary, a 2xx answer with a schema (or its content type, for the
 * SSE stream and the xlsx report), and the errors every route can give in the shared
 * `{detail, status}` shape: 401 under JWT, 429, 503, 404 where the path takes an id.
 */
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';

// The document is read freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ERROR_REF = '#/components/schemas/ErrorDto';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('OpenAPI document', () => {
  let api: RunningApi;
  let doc: Json;
  /** Every operation, as `METHOD /path`. */
  let operations: { name: string; path: string; op: Json }[];

  beforeAll(async () => {
    api = await startApi();
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
    ]);
    const frames = doc.components.schemas;
    expect(frames.ProgressFrameDto.required).toEqual(
      expect.arrayContaining(['type', 'current', 'total', 'item']),
    );
    expect(frames.CompleteFrameDto.properties.summary).toBeDefined();
    expect(op.responses['200'].description).toMatch(/Last-Event-ID/);
  });

  it('documents the report as an xlsx attachment', () => {
    const op = doc.paths['/api/sync/{id}/report'].get;
    expect(op.responses['200'].content[XLSX].schema).toEqual({ type: 'string', format: 'binary' });
  });

  it('has one shared error schema {detail, status}', () => {
    expect(doc.components.schemas.ErrorDto).toMatchObject({
      type: 'object',
      properties: { detail: { type: 'string' }, status: { type: 'number' } },
      required: ['detail', 'status'],
    });
  });

  /** The error answers an operation must document, each in the shared shape. */
  const expectedErrors = (op: Json, path: string) => [
    ...(isTenantRoute(op) ? ['401'] : []),
    '429',
    '503',
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

  it('uses the shared error schema for every documented 4xx and 503', () => {
    expect(
      problems((op) => {
        const wrong = Object.entries(op.responses ?? {})
          .filter(([code]) => /^(4\d\d|503)$/.test(code))
          .filter(([, res]: [string, Json]) => {
            const schema = res.content?.['application/json']?.schema;
            if (!schema) return true;
            if (schema.$ref === ERROR_REF) return false;
            // A richer error (a 409 naming the existing mapping, /health's 503 with its checks)
            // carries `detail` too.
            const own = schema.$ref && doc.components.schemas[schema.$ref.split('/').pop()];
            return own?.properties?.detail?.type !== 'string';
          })
          .map(([code]) => code);
        return wrong.length ? `not the error schema: ${wrong.join(', ')}` : null;
      }),
    ).toEqual([]);
  });

  it('marks every /api route but the docs as under JWT, and /health as public', () => {
    expect(
      problems((op, path) =>
        path.startsWith('/api/') && !isTenantRoute(op) ? 'no bearer security' : null,
      ),
    ).toEqual([]);
    expect(isTenantRoute(doc.paths['/health'].get)).toBe(false);
  });
});
