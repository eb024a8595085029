/**
 * Issue 20 (4): with METRICS_TOKEN set, the API's /metrics answers only its bearer token (401
 * otherwise, without metrics); without it, /metrics stays open to the scraper.
 */
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';

describe('/metrics behind METRICS_TOKEN', () => {
  let guarded: RunningApi;
  let open: RunningApi;
  beforeAll(async () => {
    guarded = await startApi({ metricsToken: 'scrape-secret-1' });
    open = await startApi();
  });
  afterAll(async () => {
    await guarded?.close();
    await open?.close();
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer scrape-secret-2' }],
    ['a prefix of the token', { authorization: 'Bearer scrape-secret' }],
    ['the token without Bearer', { authorization: 'scrape-secret-1' }],
  ])('refuses %s with a 401 and no metrics', async (_name, headers) => {
    const res = await call(guarded.url, 'GET', '/metrics', { headers });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('sedna_sync_runs');
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('serves the metrics to the bearer of the token', async () => {
    const res = await call(guarded.url, 'GET', '/metrics', {
      headers: { authorization: 'Bearer scrape-secret-1' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('sedna_sync_runs');
  });

  it('stays open without METRICS_TOKEN', async () => {
    const res = await call(open.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('sedna_sse_subscribers');
  });
});
