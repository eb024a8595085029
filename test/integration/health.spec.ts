import { randomUUID } from 'node:crypto';
import { startApi, RunningApi } from '../support/api';
import { queryDb } from '../support/db';
import { call } from '../support/http';

describe('health and docs', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('reports PostgreSQL and Temporal up, without a token', async () => {
    const res = await call(api.url, 'GET', '/health');
    expect(res.status).toBe(200);
    // Workers: whatever other specs left polling the shared server; worker-presence.spec.ts
    // checks them on a server of its own.
    expect(res.body).toMatchObject({
      status: expect.stringMatching(/^(ok|degraded)$/),
      checks: { database: 'up', temporal: 'up', workers: expect.stringMatching(/^(up|down)$/) },
      workers: { polling: expect.any(Boolean), queues: expect.any(Array) },
    });
    expect((await call(api.url, 'GET', '/health/ready')).body.checks).toEqual(res.body.checks);
    expect(await call(api.url, 'GET', '/health/live')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
  });

  it('answers 503 naming Temporal when it cannot be reached, within the deadline', async () => {
    const cut = await startApi({ temporal: { address: '127.0.0.1:1', namespace: 'default' } });
    try {
      const started = Date.now();
      const res = await call(cut.url, 'GET', '/health');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'unavailable',
        detail: 'Unavailable: temporal down',
        checks: { database: 'up', temporal: 'down', workers: 'unknown' },
        workers: { polling: null },
      });
      // Liveness asks no dependency: an outage never restarts the API.
      expect((await call(cut.url, 'GET', '/health/live')).status).toBe(200);
    } finally {
      await cut.close();
    }
  });

  it('answers 503 naming the database when PostgreSQL is gone', async () => {
    const name = `health_${randomUUID().slice(0, 8)}`;
    await queryDb(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    const cut = await startApi({ databaseUrl: url.toString() });
    try {
      await queryDb(`DROP DATABASE ${name} WITH (FORCE)`);
      const res = await call(cut.url, 'GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'unavailable',
        detail: 'Unavailable: database down',
        checks: { database: 'down', temporal: 'up' },
      });
    } finally {
      await cut.close();
    }
  });

  it('serves the OpenAPI docs with every endpoint of this API', async () => {
    const page = await call(api.url, 'GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');

    const spec = await call(api.url, 'GET', '/api/docs-json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/emails',
        '/api/emails/pending',
        '/api/emails/{id}',
        '/api/settings/sedna',
        '/api/hotel-mappings',
        '/api/hotel-mappings/{id}',
        '/api/schedules',
        '/api/schedules/pause',
        '/api/schedules/resume',
        '/api/schedules/trigger',
        '/health',
      ]),
    );
    expect(spec.body.paths['/api/emails'].post.security).toEqual([{ bearer: [] }]);
    expect(spec.body.components.schemas.ImportEmailsDto.properties.emails.maxItems).toBe(500);
    expect(spec.body.components.schemas.PutSednaSettingsDto.properties.password.writeOnly).toBe(
      true,
    );
    expect(spec.body.components.schemas.SednaSettingsDto.properties).not.toHaveProperty('password');
  });
});
