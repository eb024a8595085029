/**
 * SPEC §9 over HTTP: a tenant's Sedna URL that leads to an internal address is refused when
 * saved (400 naming api_url, nothing stored), and again by the worker when it connects.
 */
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkerRuntime } from '../../src/worker/build-worker';
import { RunningApi, startApi } from '../support/api';
import { queryDb } from '../support/db';
import { parseAllowedHosts } from '../../src/outbound/outbound-url';
import { call } from '../support/http';
import {
  importEmails,
  startSync,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { makeToken } from '../support/tokens';
import { startTestWorker } from '../support/worker';

const settings = (apiUrl: string) => ({
  api_url: apiUrl,
  username: 'agency',
  password: 'outbound-secret-pw',
  operator_id: 571,
  operator_code: '7STAR',
});

/** What the security review sent, and the forms of the same addresses it did not. */
const SSRF_URLS = [
  'http://127.0.0.1:5432/',
  'http://127.0.0.1:3000/',
  'http://localhost:5432/',
  'http://localhost./',
  'http://sedna.localhost/',
  'http://[::1]:5432/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://[64:ff9b::a00:1]/',
  'http://[fe80::1]/',
  'http://[fd00:ec2::254]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata.google.internal./',
  'http://100.100.100.200/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://0/',
  'http://10.0.0.5/',
  'http://192.168.1.1/',
  'http://172.17.0.1/',
  'http://postgres:5432/',
  'http://sedna.example.com/SednaAgencyb2bApi#',
  'http://sedna.example.com/SednaAgencyb2bApi?x=',
  'http://user:pass@sedna.example.com/',
  'http://sedna.example.com/a%2f..%2fadmin',
  'gopher://127.0.0.1:6379/_INFO',
];

describe('outbound URL rules', () => {
  describe('when the settings are saved', () => {
    let api: RunningApi;
    const tenant = `outbound-${Date.now().toString(36)}`;
    const token = makeToken(tenant);

    beforeAll(async () => {
      // The harness allows 127.0.0.1 for the simulator; this API allows nothing.
      api = await startApi({ outboundAllowedHosts: [] });
    });
    afterAll(() => api.close());

    it('refuses every internal or steerable URL with a 400 naming api_url, and stores nothing', async () => {
      const saved = await call(api.url, 'PUT', '/api/settings/sedna', {
        token,
        body: settings('https://api.sedna.example.com/SednaAgencyb2bApi/'),
      });
      expect(saved.status).toBe(200);
      expect(saved.body.api_url).toBe('https://api.sedna.example.com/SednaAgencyb2bApi');
      const [before] = await queryDb('SELECT * FROM tenant_settings WHERE tenant_id = $1', [
        tenant,
      ]);

      const refused: string[] = [];
      for (const url of SSRF_URLS) {
        const res = await call(api.url, 'PUT', '/api/settings/sedna', {
          token,
          body: { ...settings(url), username: 'changed' },
        });
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expect(res.body.detail).toMatch(/^api_url: \S/);
        if (res.status === 400) refused.push(url);
      }
      expect(refused).toHaveLength(SSRF_URLS.length);

      const [after] = await queryDb('SELECT * FROM tenant_settings WHERE tenant_id = $1', [tenant]);
      expect(after).toEqual(before);
    });

    it('says why, in words a tenant can act on', async () => {
      const detail = async (url: string) =>
        (await call(api.url, 'PUT', '/api/settings/sedna', { token, body: settings(url) })).body
          .detail;
      expect(await detail('http://169.254.169.254/latest/meta-data/')).toBe(
        'api_url: must lead to a public host; 169.254.169.254 is a link-local (cloud metadata) address',
      );
      expect(await detail('http://sedna.example.com/b2b?x=1')).toBe(
        'api_url: must not contain a query (?) or a fragment (#)',
      );
      expect(await detail('http://u:p@sedna.example.com/')).toBe(
        'api_url: must not contain user info (user:password@)',
      );
    });

    it('allows an entry with a path for the Sedna calls under it only', async () => {
      const narrow = await startApi({
        outboundAllowedHosts: parseAllowedHosts('127.0.0.1:7070/api'),
      });
      try {
        const put = (url: string) =>
          call(narrow.url, 'PUT', '/api/settings/sedna', { token, body: settings(url) });
        // The client calls <base>/api/…: the simulator's base is allowed, its control routes not.
        expect((await put('http://127.0.0.1:7070')).status).toBe(200);
        for (const url of ['http://127.0.0.1:7070/__sim', 'http://127.0.0.1:7070/x/..//__sim']) {
          const res = await put(url);
          expect({ url, status: res.status }).toEqual({ url, status: 400 });
          expect(res.body.detail).toMatch(/^api_url: must lead to a public host; 127\.0\.0\.1 is/);
        }
        expect((await put('http://127.0.0.1:7071')).status).toBe(400);
      } finally {
        await narrow.close();
      }
    });

    it('stores a public URL normalised, so its path cannot be steered', async () => {
      const res = await call(api.url, 'PUT', '/api/settings/sedna', {
        token,
        body: settings('HTTP://Sedna.Example.COM/a/../SednaAgencyb2bApi/'),
      });
      expect(res.status).toBe(200);
      expect(res.body.api_url).toBe('http://sedna.example.com/SednaAgencyb2bApi');
    });
  });

  describe('when the worker connects', () => {
    let api: RunningApi;
    let worker: WorkerRuntime;
    let internal: Server;
    let port: number;
    const received: string[] = [];

    beforeAll(async () => {
      // A stand-in for an internal service on this machine; it would answer like Sedna.
      internal = createServer((req, res) => {
        received.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ErrorType: 0, Message: 'INTERNAL-ONLY', RecId: 571 }));
      });
      internal.listen(0, '127.0.0.1');
      await once(internal, 'listening');
      port = (internal.address() as AddressInfo).port;
      // The API lets `localhost:<port>` through when saved; the worker (the harness's
      // OUTBOUND_ALLOWED_HOSTS=127.0.0.1) does not: the name resolves to 127.0.0.1, refused.
      api = await startApi({ outboundAllowedHosts: [{ host: 'localhost', port }] });
      worker = await startTestWorker();
    });

    afterAll(async () => {
      await worker?.shutdown();
      await api?.close();
      internal?.close();
    });

    async function tenantWithUrl(apiUrl: string, viaApi: boolean): Promise<Tenant> {
      const id = `outbound-w-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const tenant = { id, token: makeToken(id) };
      const body = {
        ...settings(viaApi ? apiUrl : 'https://api.sedna.example.com'),
        rate_limit_per_second: 50,
      };
      const res = await call(api.url, 'PUT', '/api/settings/sedna', { token: tenant.token, body });
      expect(res.status).toBe(200);
      // A row stored before the rules existed (or by hand) is not checked by the API.
      if (!viaApi)
        await queryDb('UPDATE tenant_settings SET api_url = $2 WHERE tenant_id = $1', [id, apiUrl]);
      return tenant;
    }

    it.each([
      ['a name the API allowed but the worker does not (resolves to 127.0.0.1)', 'localhost', true],
      ['an IPv4-mapped loopback literal stored directly', '[::ffff:127.0.0.1]', false],
      // The harness allows 127.0.0.1/api (the simulator's API path): not /SednaAgencyb2bApi/api.
      ['an allowed host stored with a path outside the allowed one', '127.0.0.1', false],
    ])(
      '%s: the item fails with a generic message, the target receives nothing',
      async (_what, host, viaApi) => {
        const url = `http://${host}:${port}/SednaAgencyb2bApi`;
        // The target is reachable at this URL: only the rules keep the worker away from it.
        expect((await fetch(`${url}/probe`)).status).toBe(200);
        received.length = 0;

        const tenant = await tenantWithUrl(url, viaApi);
        const ids = await importEmails(api.url, tenant, stopSaleEmails(tenant.id, 1));
        const run = await waitForRun(await startSync(api.url, tenant, ids));
        expect(run).toMatchObject({ status: 'failed', failed_count: 1 });
        const result = await call(api.url, 'GET', `/api/sync/${run.sync_id}/result`, {
          token: tenant.token,
        });
        const [item] = result.body.failed;
        expect(item.error).toBe(
          'AgencyLogin: the Sedna URL leads to an address that is not allowed (not a public address)',
        );
        expect(result.text).not.toContain(String(port));
        expect(result.text).not.toContain('INTERNAL-ONLY');
        expect(received).toEqual([]);
      },
    );
  });
});
