import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { sleep } from '../../scripts/local-stack';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import type { WorkerRuntime } from '../../src/worker/build-worker';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { call, HttpResult } from '../support/http';
import { readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { makeToken, TEST_JWT_SECRET } from '../support/tokens';
import { startTestWorker } from '../support/worker';
import { problem } from '../support/problem';

const uid = () => randomUUID().slice(0, 8);
const SEDNA_PASSWORD = `sedna-pw-${randomUUID()}`;
const WRONG_PASSWORD = `wrong-pw-${randomUUID()}`;
const SQL_MAPPING = "'); DROP TABLE emails;--";
const SQL_HOTEL = "Robert'); DROP TABLE stop_sales;--";
const SQL_SUBJECT = "' OR '1'='1'; DELETE FROM sync_runs;--";
/** `at /src/app.ts:1:2` or `at fn (/src/app.ts:1:2)`. */
const STACK_FRAME = /\bat \/|\bat \S+ \(.*:\d+:\d+\)/;
const NO_LIMIT = { perSecond: 100_000, burst: 100_000 };
const TABLES = [
  'emails',
  'stop_sales',
  'reservations',
  'hotel_mappings',
  'tenant_settings',
  'sync_runs',
  'sync_items',
  'sync_schedules',
];

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The owner's ids that path parameters and bodies refer to. */
interface Ids {
  email: number;
  mapping: number;
  sync: string;
}

interface Route {
  method: Method;
  /** `:email`, `:mapping` and `:sync` stand for the ids. */
  path: string;
  body?: (ids: Ids) => unknown;
}

/** Every route of src/**\/*.controller.ts that needs a token, with a valid body. */
const ROUTES: Route[] = [
  { method: 'POST', path: '/api/emails', body: () => ({ emails: stopSaleEmails(uid(), 1) }) },
  { method: 'GET', path: '/api/emails/pending' },
  { method: 'GET', path: '/api/emails/:email' },
  { method: 'POST', path: '/api/sync/emails', body: (ids) => ({ email_ids: [ids.email] }) },
  { method: 'GET', path: '/api/sync/history' },
  { method: 'GET', path: '/api/sync/:sync/progress' },
  { method: 'GET', path: '/api/sync/:sync/result' },
  { method: 'GET', path: '/api/sync/:sync/report' },
  { method: 'POST', path: '/api/sync/:sync/retry' },
  { method: 'POST', path: '/api/sync/:sync/cancel' },
  { method: 'GET', path: '/api/settings/sedna' },
  {
    method: 'PUT',
    path: '/api/settings/sedna',
    body: () => ({
      api_url: 'http://127.0.0.1:1/evil',
      username: 'evil',
      password: SEDNA_PASSWORD,
      operator_id: 1,
      operator_code: 'EVIL',
    }),
  },
  { method: 'GET', path: '/api/hotel-mappings' },
  {
    method: 'PUT',
    path: '/api/hotel-mappings',
    body: () => ({ hotel_name: 'Evil Resort', sedna_hotel_id: 1 }),
  },
  { method: 'DELETE', path: '/api/hotel-mappings/:mapping' },
  { method: 'GET', path: '/api/schedules' },
  { method: 'PUT', path: '/api/schedules', body: () => ({ enabled: true, interval_minutes: 5 }) },
  { method: 'POST', path: '/api/schedules/pause' },
  { method: 'POST', path: '/api/schedules/resume' },
  { method: 'POST', path: '/api/schedules/trigger', body: () => ({ schedule: 'auto-sync' }) },
];

const routeName = (route: Route) => `${route.method} ${route.path}`;

function resolvePath(path: string, ids: { email: unknown; mapping: unknown; sync: unknown }) {
  return path
    .replace(':email', String(ids.email))
    .replace(':mapping', String(ids.mapping))
    .replace(':sync', String(ids.sync));
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signed(payload: object, options: jwt.SignOptions = {}) {
  return jwt.sign(payload, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h', ...options });
}

/** Tokens that must all be refused; those naming a tenant name the victim. */
function badCredentials(victim: string): [string, Record<string, string>, string][] {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const [header, , signature] = makeToken(victim).split('.');
  const noTenant = 'Token has no valid tenant_id claim';
  return [
    ['no token', {}, 'Not authenticated'],
    ['a Basic header', { authorization: `Basic ${btoa(`${victim}:x`)}` }, 'Not authenticated'],
    ['an expired token', bearer(makeToken(victim, { expiresIn: '-1s' })), 'Token expired'],
    ['another secret', bearer(makeToken(victim, { secret: 'not-the-secret' })), 'Invalid token'],
    [
      'alg none',
      bearer(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ tenant_id: victim })}.`),
      'Invalid token',
    ],
    ['HS512', bearer(signed({ tenant_id: victim }, { algorithm: 'HS512' })), 'Invalid token'],
    [
      'a payload swapped after signing',
      bearer(`${header}.${base64url({ tenant_id: victim, admin: true })}.${signature}`),
      'Invalid token',
    ],
    [
      'nbf in the future',
      bearer(signed({ tenant_id: victim }, { notBefore: 3600 })),
      'Invalid token',
    ],
    ['not a JWT', bearer('not-a-jwt'), 'Invalid token'],
    [
      'no exp',
      bearer(jwt.sign({ tenant_id: victim }, TEST_JWT_SECRET, { algorithm: 'HS256' })),
      'Token has no valid exp claim (it is required)',
    ],
    [
      'exp in the year 3000',
      bearer(
        jwt.sign({ tenant_id: victim, exp: Date.UTC(3000, 0, 1) / 1000 }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
        }),
      ),
      `Token lifetime exceeds JWT_MAX_TTL (${31 * 24 * 3600} s): exp is too far after iat or now`,
    ],
    ['tenant_id a number', bearer(signed({ tenant_id: 42 })), noTenant],
    ['tenant_id an object', bearer(signed({ tenant_id: { $ne: null } })), noTenant],
    ['tenant_id an array', bearer(signed({ tenant_id: [victim] })), noTenant],
    ['tenant_id a boolean', bearer(signed({ tenant_id: true })), noTenant],
    ['tenant_id missing', bearer(signed({ sub: victim })), noTenant],
    ['tenant_id a path', bearer(signed({ tenant_id: '../../etc/passwd' })), noTenant],
    ['tenant_id SQL', bearer(signed({ tenant_id: "x'; DROP TABLE tenants;--" })), noTenant],
  ];
}

/** Row counts of one tenant in every table it owns rows in. */
async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  const [row] = await queryDb(
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t} WHERE tenant_id = $1) AS ${t}`).join(', ')}`,
    [tenantId],
  );
  return row;
}

/** Everything written to stdout: the JSON logs of the API and the worker in this process. */
function captureStdout() {
  const write = process.stdout.write;
  const chunks: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = write;
    },
  };
}

describe('bad input and security', () => {
  let sim: SednaSimulator;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let stdout: ReturnType<typeof captureStdout>;
  let owner: Tenant;
  let locked: Tenant;
  let ids: Ids;
  let sqlEmailId: number;
  let lockedSyncId: string;
  const intruder: Tenant = { id: `intruder-${uid()}`, token: '' };
  /** Every response of the suite, to prove none carries a stack, a secret or a password. */
  const responses: HttpResult[] = [];
  /** Every credential sent, to prove none is logged. */
  const sentTokens = new Set<string>();

  async function request(
    method: string,
    path: string,
    auth: string | Record<string, string> | undefined,
    body?: unknown,
  ) {
    const headers = typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : (auth ?? {});
    if (headers.authorization) sentTokens.add(headers.authorization.replace(/^\w+ /, ''));
    const res = await call(api.url, method, path, { headers, body });
    responses.push(res);
    return res;
  }

  beforeAll(async () => {
    stdout = captureStdout();
    sim = await startSednaSimulator({
      rateLimitPerSecond: 100,
      agencies: [
        {
          username: 'sec-agency',
          password: SEDNA_PASSWORD,
          operatorId: 571,
          operatorCode: '7STAR',
        },
      ],
    });
    api = await startApi({
      logLevel: 'debug',
      apiRateLimit: { ...NO_LIMIT, workflowStarts: NO_LIMIT, unauthenticated: NO_LIMIT },
    });
    owner = await createTenant(api.url, sim, { username: 'sec-agency', password: SEDNA_PASSWORD });
    locked = await createTenant(api.url, sim, { username: 'sec-agency', password: WRONG_PASSWORD });
    intruder.token = makeToken(intruder.id);
    for (const tenant of [owner, locked, intruder]) sentTokens.add(tenant.token);
    // Started after the tenants' settings exist, so it polls their queues at once.
    worker = await startTestWorker();

    const sqlEmail = stopSaleEmails(`sql${uid()}`, 1, 1, () => SQL_HOTEL)[0];
    const [email, sqlEmailIdOf] = await importEmails(api.url, owner, [
      ...stopSaleEmails(`own${uid()}`, 1),
      { ...sqlEmail, subject: SQL_SUBJECT },
    ]);
    sqlEmailId = sqlEmailIdOf;
    const sync = await startSync(api.url, owner, [email, sqlEmailId]);
    const mapping = await request('PUT', '/api/hotel-mappings', owner.token, {
      hotel_name: SQL_MAPPING,
      sedna_hotel_id: 18,
    });
    expect(mapping.status).toBe(200);
    ids = { email, mapping: mapping.body.id, sync };
    lockedSyncId = await startSync(
      api.url,
      locked,
      await importEmails(api.url, locked, stopSaleEmails(`lck${uid()}`, 1)),
    );
    await Promise.all([waitForRun(sync), waitForRun(lockedSyncId)]);
  });

  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await sim?.close();
    stdout?.restore();
  });

  describe('tokens', () => {
    it.each(ROUTES.map((route) => [routeName(route), route] as const))(
      '%s refuses every missing, expired or forged token with 401',
      async (_name, route) => {
        const before = await rowCounts(owner.id);
        const path = resolvePath(route.path, ids);
        for (const [why, headers, detail] of badCredentials(owner.id)) {
          const res = await request(route.method, path, headers, route.body?.(ids));
          expect({ why, status: res.status, body: res.body }).toEqual({
            why,
            status: 401,
            body: problem(401, 'UNAUTHENTICATED', detail),
          });
        }
        expect(await rowCounts(owner.id)).toEqual(before);
      },
    );

    it('takes ?access_token= only on the progress stream and the report', async () => {
      const query = `?access_token=${owner.token}`;
      const res = await request('GET', `/api/sync/${ids.sync}/result${query}`, undefined);
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('Not authenticated');
      const report = await request('GET', `/api/sync/${ids.sync}/report${query}`, undefined);
      expect(report.status).toBe(200);
    });

    it('registers no tenant from a refused token', async () => {
      const names = ['../../etc/passwd', "x'; DROP TABLE tenants;--", 'true'];
      const found = await queryDb('SELECT id FROM tenants WHERE id = ANY($1)', [names]);
      expect(found).toEqual([]);
    });
  });

  describe("another tenant's ids", () => {
    const unknownIds = { email: 2_147_483_000, mapping: 2_147_483_000, sync: randomUUID() };
    const FOREIGN: [Method, string][] = [
      ['GET', '/api/emails/:email'],
      ['DELETE', '/api/hotel-mappings/:mapping'],
      ['GET', '/api/sync/:sync/result'],
      ['GET', '/api/sync/:sync/progress'],
      ['GET', '/api/sync/:sync/report'],
      ['POST', '/api/sync/:sync/retry'],
      ['POST', '/api/sync/:sync/cancel'],
    ];

    /** A detail with the id taken out, to compare a foreign id's answer with an unknown one's. */
    const shape = (detail: string, id: unknown) => detail.replace(String(id), '<id>');

    it.each(FOREIGN)('%s %s answers 404 exactly as for an unknown id', async (method, path) => {
      const before = await rowCounts(owner.id);
      const key = path.includes(':email')
        ? 'email'
        : path.includes(':mapping')
          ? 'mapping'
          : 'sync';
      const foreign = await request(method, resolvePath(path, ids), intruder.token);
      const unknown = await request(method, resolvePath(path, unknownIds), intruder.token);
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(shape(foreign.body.detail, ids[key])).toBe(
        shape(unknown.body.detail, unknownIds[key]),
      );
      expect(await rowCounts(owner.id)).toEqual(before);
      expect(await rowCounts(intruder.id)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    });

    it("refuses to sync another tenant's e-mails, naming them as not found", async () => {
      const res = await request('POST', '/api/sync/emails', intruder.token, {
        email_ids: [ids.email],
      });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe(`Emails not found: ${ids.email}`);
      expect(await rowCounts(intruder.id)).toMatchObject({ sync_runs: 0, sync_items: 0 });
    });

    it("lists none of another tenant's data", async () => {
      const pending = await request('GET', '/api/emails/pending?status=failed', intruder.token);
      const history = await request('GET', '/api/sync/history', intruder.token);
      const mappings = await request('GET', '/api/hotel-mappings', intruder.token);
      const settings = await request('GET', '/api/settings/sedna', intruder.token);
      expect(pending.body).toMatchObject({ items: [], total: 0 });
      expect(history.body).toMatchObject({ items: [], total: 0 });
      expect(mappings.body).toEqual([]);
      expect(settings.status).toBe(404);
    });

    it("does not serve another tenant's report on its own ?access_token=", async () => {
      const res = await request(
        'GET',
        `/api/sync/${ids.sync}/report?access_token=${intruder.token}`,
        undefined,
      );
      expect(res.status).toBe(404);
    });
  });

  describe('malformed bodies', () => {
    const BODY_ROUTES = ROUTES.filter((route) => route.body);

    it.each(BODY_ROUTES.map((route) => [routeName(route), route] as const))(
      '%s answers 400 to malformed JSON and stores nothing',
      async (_name, route) => {
        const before = await rowCounts(owner.id);
        const path = resolvePath(route.path, ids);
        for (const raw of [
          '{"emails": [',
          '{bad json}',
          "'; DROP TABLE emails;--",
          `"${SEDNA_PASSWORD}"`,
          `{"password": "${SEDNA_PASSWORD}", }`,
          'hunter2',
          'null',
        ]) {
          const res = await request(route.method, path, owner.token, raw);
          expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
          expect(res.body.detail).toMatch(/^Request body is not valid JSON/);
          // V8 quotes the start of the body; a password sent there must not come back.
          expect(res.body.detail).not.toContain(raw.slice(0, 8));
        }
        expect(await rowCounts(owner.id)).toEqual(before);
      },
    );

    it.each(BODY_ROUTES.map((route) => [routeName(route), route] as const))(
      '%s answers 400 to a body that is not an object',
      async (_name, route) => {
        for (const raw of ['[]', '[1, 2]', `[${JSON.stringify(route.body?.(ids))}]`]) {
          const res = await request(route.method, resolvePath(route.path, ids), owner.token, raw);
          expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
          expect(res.body.detail).toEqual(expect.any(String));
        }
      },
    );
  });

  describe('wrong types', () => {
    const email = () => stopSaleEmails(uid(), 1)[0];
    const stopSale = () => email().stop_sales[0];
    const settings = {
      api_url: 'http://127.0.0.1:1',
      username: 'u',
      password: SEDNA_PASSWORD,
      operator_id: 571,
      operator_code: '7STAR',
    };
    const emails = '/api/emails';
    const sync = '/api/sync/emails';
    const sedna = '/api/settings/sedna';
    const mappings = '/api/hotel-mappings';
    const schedules = '/api/schedules';
    // [what, method, path, body, the field the detail must name]
    const CASES: [string, Method, string, unknown, string][] = [
      ['emails a string', 'POST', emails, { emails: 'all' }, 'emails: '],
      [
        'received_at a number',
        'POST',
        emails,
        { emails: [{ ...email(), received_at: 12 }] },
        'emails[0].received_at: ',
      ],
      [
        'is_close a string',
        'POST',
        emails,
        { emails: [{ ...email(), stop_sales: [{ ...stopSale(), is_close: 'yes' }] }] },
        'emails[0].stop_sales[0].is_close: ',
      ],
      [
        'hotel_name an operator object',
        'POST',
        emails,
        { emails: [{ ...email(), stop_sales: [{ ...stopSale(), hotel_name: { $gt: '' } }] }] },
        'emails[0].stop_sales[0].hotel_name: ',
      ],
      ['an unknown field', 'POST', emails, { emails: [email()], is_admin: true }, 'is_admin: '],
      ['no email_ids', 'POST', sync, {}, 'email_ids: '],
      ['email_ids a string', 'POST', sync, { email_ids: '1,2' }, 'email_ids: '],
      ['email_ids null', 'POST', sync, { email_ids: null }, 'email_ids: '],
      ['an id as a string', 'POST', sync, { email_ids: ['1'] }, 'email_ids: '],
      ['a fractional id', 'POST', sync, { email_ids: [1.5] }, 'email_ids: '],
      ['a negative id', 'POST', sync, { email_ids: [-1] }, 'email_ids: '],
      ['an id object', 'POST', sync, { email_ids: [{ id: 1 }] }, 'email_ids: '],
      ['an id of 1e300', 'POST', sync, { email_ids: [1e300] }, 'email_ids: '],
      ['operator_id a string', 'PUT', sedna, { ...settings, operator_id: '571' }, 'operator_id: '],
      ['password a number', 'PUT', sedna, { ...settings, password: 1234 }, 'password: '],
      [
        'a javascript: URL',
        'PUT',
        sedna,
        { ...settings, api_url: 'javascript:alert(1)' },
        'api_url: ',
      ],
      ['a file: URL', 'PUT', sedna, { ...settings, api_url: 'file:///etc/passwd' }, 'api_url: '],
      [
        'a rate of 1e9',
        'PUT',
        sedna,
        { ...settings, rate_limit_per_second: 1e9 },
        'rate_limit_per_second: ',
      ],
      [
        'hotel_name a number',
        'PUT',
        mappings,
        { hotel_name: 123, sedna_hotel_id: 1 },
        'hotel_name: ',
      ],
      [
        'a NUL in hotel_name',
        'PUT',
        mappings,
        { hotel_name: 'x\u0000', sedna_hotel_id: 1 },
        'hotel_name: ',
      ],
      [
        'sedna_hotel_id a string',
        'PUT',
        mappings,
        { hotel_name: 'Evil', sedna_hotel_id: '18' },
        'sedna_hotel_id: ',
      ],
      [
        'sedna_hotel_id past int4',
        'PUT',
        mappings,
        { hotel_name: 'Evil', sedna_hotel_id: 2 ** 31 },
        'sedna_hotel_id: ',
      ],
      ['enabled a string', 'PUT', schedules, { enabled: 'true' }, 'enabled: '],
      [
        'interval_minutes a string',
        'PUT',
        schedules,
        { interval_minutes: '5' },
        'interval_minutes: ',
      ],
      [
        'a path as time_zone',
        'PUT',
        schedules,
        { time_zone: '../../etc/localtime' },
        'time_zone: ',
      ],
      ['SQL in window_start', 'PUT', schedules, { window_start: "08:00'; --" }, 'window_start: '],
      ['a path as schedule', 'POST', `${schedules}/trigger`, { schedule: '../../x' }, 'schedule: '],
      ['page=abc', 'GET', '/api/emails/pending?page=abc', undefined, 'page: '],
      ['limit=1e400', 'GET', '/api/emails/pending?limit=1e400', undefined, 'limit: '],
      [
        'SQL in status',
        'GET',
        "/api/emails/pending?status=pending' OR '1'='1",
        undefined,
        'status: ',
      ],
      [
        'type twice',
        'GET',
        '/api/emails/pending?type=stopsale&type=reservation',
        undefined,
        'type: ',
      ],
      ['an unknown parameter', 'GET', '/api/emails/pending?password=x', undefined, 'password: '],
      ['page=0', 'GET', '/api/sync/history?page=0', undefined, 'page: '],
      ['page=1e300', 'GET', '/api/sync/history?page=1e300', undefined, 'page: '],
      ['limit=-5', 'GET', '/api/sync/history?limit=-5', undefined, 'limit: '],
      ['SQL in status', 'GET', '/api/sync/history?status=running;DROP', undefined, 'status: '],
    ];

    it.each(CASES)(
      '%s: %s %s answers 400 naming the field',
      async (_what, method, path, body, field) => {
        const before = await rowCounts(owner.id);
        const res = await request(method, path, owner.token, body);
        expect({ status: res.status, detail: res.body.detail }).toEqual({
          status: 400,
          detail: expect.stringContaining(field),
        });
        expect(await rowCounts(owner.id)).toEqual(before);
      },
    );
  });

  describe('huge inputs', () => {
    it('refuses 100,000 email_ids with 413 and starts nothing', async () => {
      const before = await rowCounts(owner.id);
      const emailIds = Array.from({ length: 100_000 }, (_, i) => i + 1);
      const res = await request('POST', '/api/sync/emails', owner.token, { email_ids: emailIds });
      expect(res.status).toBe(413);
      expect(res.body.detail).toBe('Too many emails selected: 100000, at most 10000 per request');
      expect(await rowCounts(owner.id)).toEqual(before);
    });

    it.each([
      [
        '100,000 room codes',
        '/api/emails',
        () => {
          const email = stopSaleEmails(uid(), 1)[0];
          const codes = Array.from({ length: 100_000 }, (_, i) => `R${i}`);
          return {
            emails: [{ ...email, stop_sales: [{ ...email.stop_sales[0], room_types: codes }] }],
          };
        },
        'emails[0].stop_sales[0].room_types: ',
      ],
      [
        '20,000 e-mails',
        '/api/emails',
        () => ({ emails: Array(20_000).fill(stopSaleEmails(uid(), 1)[0]) }),
        'Request body is too large',
      ],
      [
        'email_ids nested 100,000 deep',
        '/api/sync/emails',
        () => `{"email_ids": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
        'Request body is nested more than 32 levels deep',
      ],
    ])('refuses %s with a clear 4xx and stores nothing', async (_name, path, body, detail) => {
      const before = await rowCounts(owner.id);
      const res = await request('POST', path, owner.token, body());
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.detail).toContain(detail);
      expect(await rowCounts(owner.id)).toEqual(before);
    });
  });

  describe('path parameters', () => {
    const ATTACKS = [
      '..%2F..%2Fetc%2Fpasswd',
      '..%5C..%5Cwindows%5Cwin.ini',
      '1;DROP TABLE emails',
      '1%3BDROP%20TABLE%20emails',
      "1' OR '1'='1",
      '%00',
      '1%00',
      '-1',
      '0',
      '1.5',
      '0x10',
      '1e3',
      '99999999999',
    ];
    /** Percent-encoding that does not decode: the router refuses it before any pipe. */
    const UNDECODABLE = '%E0%A4%A';
    const PARAM_ROUTES = ROUTES.filter((route) => route.path.includes(':'));

    it.each(PARAM_ROUTES.map((route) => [routeName(route), route] as const))(
      '%s answers 400 to a traversal, SQL or malformed id',
      async (_name, route) => {
        const before = await rowCounts(owner.id);
        for (const attack of ATTACKS) {
          const path = resolvePath(route.path, { email: attack, mapping: attack, sync: attack });
          const res = await request(route.method, path, owner.token, route.body?.(ids));
          expect({ attack, status: res.status }).toEqual({ attack, status: 400 });
          expect(res.body.detail).toMatch(/^id: /);
        }
        const path = resolvePath(route.path, {
          email: UNDECODABLE,
          mapping: UNDECODABLE,
          sync: UNDECODABLE,
        });
        const res = await request(route.method, path, owner.token, route.body?.(ids));
        expect(res.body).toEqual(
          problem(400, 'BAD_REQUEST', `Failed to decode param '${UNDECODABLE}'`),
        );
        expect(await rowCounts(owner.id)).toEqual(before);
      },
    );
  });

  describe('SQL-looking strings are data', () => {
    it('round-trips a hotel mapping named like an injection', async () => {
      const res = await request('GET', '/api/hotel-mappings', owner.token);
      expect(res.body).toEqual([
        expect.objectContaining({ id: ids.mapping, hotel_name: SQL_MAPPING, sedna_hotel_id: 18 }),
      ]);
    });

    it('stores an e-mail subject and hotel verbatim and reports the hotel as not found', async () => {
      const email = await request('GET', `/api/emails/${sqlEmailId}`, owner.token);
      expect(email.body.subject).toBe(SQL_SUBJECT);
      expect(email.body.stop_sales[0].hotel_name).toBe(SQL_HOTEL);
      const result = await request('GET', `/api/sync/${ids.sync}/result`, owner.token);
      expect(result.body.failed).toEqual([
        expect.objectContaining({
          email_id: sqlEmailId,
          error: expect.stringContaining(`Hotel not found in Sedna: ${SQL_HOTEL}`),
        }),
      ]);
    });

    it('leaves every table in place', async () => {
      const tables = ['tenants', ...TABLES];
      const rows = await queryDb<{ name: string | null }>(
        'SELECT to_regclass(t)::text AS name FROM unnest($1::text[]) AS t',
        [tables],
      );
      expect(rows.map((row) => row.name)).toEqual(tables);
    });
  });

  describe('secrets', () => {
    it('never returns the Sedna password, only that one is set', async () => {
      const res = await request('GET', '/api/settings/sedna', owner.token);
      expect(res.body.password_set).toBe(true);
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('password_encrypted');
    });

    it('fails a run whose Sedna login is refused without naming the password', async () => {
      const result = await request('GET', `/api/sync/${lockedSyncId}/result`, locked.token);
      expect(result.body.failed).toHaveLength(1);
      const report = await request('GET', `/api/sync/${lockedSyncId}/report`, locked.token);
      expect(report.status).toBe(200);
      const frames = await readProgress(api.url, lockedSyncId, locked.token, {
        tokenInQuery: true,
      }).done;
      expect(JSON.stringify(frames)).not.toContain(WRONG_PASSWORD);
    });

    it('sends no stack trace, JWT secret or password in any response', () => {
      expect(responses.length).toBeGreaterThan(400);
      for (const res of responses) {
        expect(res.text).not.toMatch(STACK_FRAME);
        for (const secret of [TEST_JWT_SECRET, SEDNA_PASSWORD, WRONG_PASSWORD]) {
          expect(res.text).not.toContain(secret);
        }
      }
    });

    it('logs no password, token or JWT secret, and no error for bad input', () => {
      const logs = stdout.text();
      expect(logs).toContain('"service":"api"');
      for (const secret of [TEST_JWT_SECRET, SEDNA_PASSWORD, WRONG_PASSWORD, ...sentTokens]) {
        expect(logs).not.toContain(secret);
      }
      const apiErrors = logs
        .split('\n')
        .filter((line) => line.includes('"service":"api"') && line.includes('"level":"error"'));
      expect(apiErrors).toEqual([]);
    });
  });
});

describe('per-tenant API rate limit (defaults)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 429 with Retry-After to a flooding tenant while another is served', async () => {
    const flooder = makeToken(`flood-${uid()}`);
    const neighbour = makeToken(`calm-${uid()}`);
    const get = (token: string) => call(api.url, 'GET', '/api/hotel-mappings', { token });
    const started = performance.now();
    const flood = Promise.all(Array.from({ length: 300 }, () => get(flooder)));
    const calm: HttpResult[] = [];
    for (let i = 0; i < 10; i++) calm.push(await get(neighbour));
    const flooded = await flood;
    const seconds = (performance.now() - started) / 1000;

    expect(calm.map((res) => res.status)).toEqual(Array(10).fill(200));
    const served = flooded.filter((res) => res.status === 200).length;
    const refused = flooded.filter((res) => res.status === 429);
    expect(served + refused.length).toBe(300);
    // The default burst of 60, plus the 20/s that refill while the flood lasts.
    expect(served).toBeGreaterThanOrEqual(60);
    expect(served).toBeLessThanOrEqual(60 + Math.ceil(20 * seconds));
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(res.body).toEqual(
        problem(
          429,
          'RATE_LIMITED',
          `Too many requests for this tenant; retry after ${retryAfter} s`,
        ),
      );
    }
    await sleep(Number(refused.at(-1)!.headers.get('retry-after')) * 1000);
    expect((await get(flooder)).status).toBe(200);
  });

  it('refuses a bad token with 401 before any budget is charged', async () => {
    const tenant = `nobudget-${uid()}`;
    const expired = makeToken(tenant, { expiresIn: '-1s' });
    const results = await Promise.all(
      Array.from({ length: 80 }, () =>
        call(api.url, 'GET', '/api/hotel-mappings', { token: expired }),
      ),
    );
    expect(new Set(results.map((res) => res.status))).toEqual(new Set([401]));
    const fresh = await call(api.url, 'GET', '/api/hotel-mappings', { token: makeToken(tenant) });
    expect(fresh.status).toBe(200);
  });

  it('gives the requests that start Temporal work a stricter budget', async () => {
    const tenant = `starts-${uid()}`;
    const token = makeToken(tenant);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(api.url, 'POST', '/api/sync/emails', { token, body: { email_ids: [] } }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const statuses = results.map((res) => res.status);
    const validated = statuses.filter((status) => status === 400).length;
    // The start budget's burst of 10, plus the 2/s that refill while the requests last.
    expect(validated).toBeGreaterThanOrEqual(10);
    expect(validated).toBeLessThanOrEqual(10 + Math.floor(2 * seconds));
    expect(statuses.filter((status) => status === 429).length).toBe(20 - validated);
    expect((await call(api.url, 'GET', '/api/sync/history', { token })).status).toBe(200);
    expect(await rowCounts(tenant)).toMatchObject({ sync_runs: 0 });
  });
});
