import axios from 'axios';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundAllowedHosts, webhookAllowedHosts } from '../../src/config/app-config';
import { createOutboundAgents, OutboundAgents, Resolver } from '../../src/outbound/outbound-agent';
import {
  checkOutboundUrl,
  classifyAddress,
  OutboundPolicy,
  parseAllowedHosts,
} from '../../src/outbound/outbound-url';
import { SednaClient } from '../../src/sedna/sedna-client';
import { SednaError } from '../../src/sedna/sedna-errors';
import type { SednaCredentials } from '../../src/sedna/sedna-types';

const NO_EXCEPTIONS = new OutboundPolicy([]);

describe('classifying IP addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'], // Alibaba metadata
    ['169.254.169.254', 'link-local'], // AWS, GCP, Azure metadata
    ['192.0.0.192', 'IETF protocol'], // Oracle metadata
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local'], // AWS IPv6 metadata
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'IPv6 form of a loopback'],
    ['::ffff:7f00:1', 'IPv6 form of a loopback'],
    ['::ffff:169.254.169.254', 'IPv6 form of a link-local'],
    ['::ffff:10.0.0.1', 'IPv6 form of a private'],
    ['::127.0.0.1', 'IPv6 form of a loopback'], // IPv4-compatible
    ['::10.0.0.1', 'IPv6 form of a private'],
    ['64:ff9b::10.0.0.1', 'IPv6 form of a private'], // NAT64
    ['64:ff9b::7f00:1', 'IPv6 form of a loopback'],
    ['64:ff9b:1::1', 'local NAT64'],
    ['2002:7f00:1::', 'IPv6 form of a loopback'], // 6to4
    ['2002:a9fe:a9fe::1', 'IPv6 form of a link-local'],
    ['not-an-ip', 'not an IP address'],
  ])('%s is refused as %s', (address, reason) => {
    expect(classifyAddress(address)).toContain(reason);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:93.184.216.34',
    '64:ff9b::93.184.216.34',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

/** Every SSRF form of the security review, refused with no exception configured. */
const SSRF_URLS: [string, string][] = [
  ['http://127.0.0.1:5432/', 'loopback'],
  ['http://127.0.0.1:3000/api', 'loopback'],
  ['http://localhost:5432/', 'internal host name'],
  ['http://LOCALHOST/', 'internal host name'],
  ['http://localhost./', 'internal host name'],
  ['http://sedna.localhost/', 'internal host name'],
  ['http://a.b.localhost./', 'internal host name'],
  ['http://[::1]:5432/', 'loopback'],
  ['http://[::ffff:127.0.0.1]/', 'IPv6 form of a loopback'],
  ['http://[::ffff:7f00:1]/', 'IPv6 form of a loopback'],
  ['http://[::127.0.0.1]/', 'IPv6 form of a loopback'],
  ['http://[64:ff9b::a9fe:a9fe]/', 'IPv6 form of a link-local'],
  ['http://[fe80::1]/', 'link-local'],
  ['http://[fd00:ec2::254]/latest/meta-data', 'unique-local'],
  ['http://169.254.169.254/latest/meta-data/', 'link-local'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'internal host name'],
  ['http://metadata.google.internal./', 'internal host name'],
  ['http://metadata/', 'internal host name'],
  ['http://100.100.100.200/latest/meta-data', 'carrier-grade NAT'],
  ['http://2130706433/', 'loopback'],
  ['http://0x7f000001/', 'loopback'],
  ['http://0x7f.1/', 'loopback'],
  ['http://0177.0.0.1/', 'loopback'],
  ['http://017700000001/', 'loopback'],
  ['http://127.1/', 'loopback'],
  ['http://0/', 'unspecified'],
  ['http://0.0.0.0:3000/', 'unspecified'],
  ['http://10.0.0.5/', 'private'],
  ['http://192.168.0.1:8080/', 'private'],
  ['http://172.20.0.2/', 'private'],
  ['http://100.64.1.1/', 'carrier-grade NAT'],
  ['http://224.0.0.251/', 'multicast'],
  ['http://192.0.2.10/', 'documentation'],
  ['http://postgres:5432/', 'single-label'],
  ['http://db.internal/', 'internal host name'],
  ['http://printer.local/', 'internal host name'],
  ['http://sedna.example.com/api?x=', 'query'],
  ['http://sedna.example.com/api#', 'fragment'],
  ['http://sedna.example.com/#/../admin', 'fragment'],
  ['http://user:pass@sedna.example.com/', 'user info'],
  ['http://sedna.example.com@127.0.0.1/', 'user info'],
  ['http://sedna.example.com/a%2f..%2fadmin', 'plain path'],
  ['http://sedna.example.com/a%2e%2e', 'plain path'],
  ['http://sedna.example.com/a%3fx', 'plain path'],
  ['http://sedna.example.com\\@127.0.0.1/', 'backslash'],
  ['http://sedna.example.com/a b', 'spaces'],
  ['http://127.0.0.\n1/', 'control'],
  ['ftp://sedna.example.com/', 'http or https'],
  ['file:///etc/passwd', 'http or https'],
  ['gopher://127.0.0.1:6379/_INFO', 'http or https'],
  ['javascript:alert(1)', 'http or https'],
  ['not a url', 'spaces'],
];

describe('checking a tenant URL when it is saved', () => {
  it.each(SSRF_URLS)('refuses %j (%s)', (url, reason) => {
    const checked = checkOutboundUrl(url, NO_EXCEPTIONS);
    expect(checked).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it.each([
    ['https://api.sedna.example.com/', 'https://api.sedna.example.com'],
    ['http://93.184.216.34:8080/', 'http://93.184.216.34:8080'],
    ['http://test.kodsedna.com/SednaAgencyb2bApi/', 'http://test.kodsedna.com/SednaAgencyb2bApi'],
    ['HTTPS://API.Sedna.Example.COM:443//b2b//', 'https://api.sedna.example.com//b2b'],
    ['http://sedna.example.com/a/../b/./c', 'http://sedna.example.com/b/c'],
    ['http://[2606:4700::1111]:8080/x', 'http://[2606:4700::1111]:8080/x'],
    ['http://xn--80ak6aa92e.com/', 'http://xn--80ak6aa92e.com'],
  ])('accepts %j, stored as %j', (url, stored) => {
    expect(checkOutboundUrl(url, NO_EXCEPTIONS)).toEqual({
      ok: true,
      url: stored,
      allowedByName: false,
    });
  });

  it('lets hosts named in OUTBOUND_ALLOWED_HOSTS through, on their port only when one is given', () => {
    const policy = new OutboundPolicy(
      outboundAllowedHosts({ OUTBOUND_ALLOWED_HOSTS: ' 127.0.0.1:7070, sedna-sim ,[::1]:9000' }),
    );
    const ok = (url: string) => checkOutboundUrl(url, policy).ok;
    expect(ok('http://127.0.0.1:7070/')).toBe(true);
    expect(ok('http://2130706433:7070/')).toBe(true); // the same host, however it is written
    expect(ok('http://127.0.0.1:7071/')).toBe(false);
    expect(ok('http://127.0.0.1/')).toBe(false);
    expect(ok('http://sedna-sim:7070/')).toBe(true);
    expect(ok('http://sedna-sim./')).toBe(true);
    expect(ok('http://[::1]:9000/')).toBe(true);
    expect(ok('http://[::1]:9001/')).toBe(false);
    expect(ok('http://localhost:7070/')).toBe(false);
    // The form rules hold for allowed hosts too.
    expect(ok('http://127.0.0.1:7070/?x=1')).toBe(false);
  });

  it('reads OUTBOUND_ALLOWED_HOSTS and WEBHOOK_ALLOWED_HOSTS strictly, paths included', () => {
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(
      parseAllowedHosts(
        'a.example,B.EXAMPLE.:80,::1,127.0.0.1:7070/api,[::1]:9000/x/y/,c.example/',
      ),
    ).toEqual([
      { host: 'a.example', port: undefined },
      { host: 'b.example', port: 80 },
      { host: '::1', port: undefined },
      { host: '127.0.0.1', port: 7070, pathPrefix: '/api' },
      { host: '::1', port: 9000, pathPrefix: '/x/y' },
      { host: 'c.example', port: undefined },
    ]);
    for (const bad of [
      'http://a.example',
      'a.example:0',
      'a.example:99999',
      'u@a',
      'a/../b',
      'a/./b',
      'a/b?x',
      'a//b',
      'a/%2e%2e',
    ]) {
      expect(() => parseAllowedHosts(bad)).toThrow(/OUTBOUND_ALLOWED_HOSTS/);
      expect(() => webhookAllowedHosts({ WEBHOOK_ALLOWED_HOSTS: bad })).toThrow(
        /^WEBHOOK_ALLOWED_HOSTS: /,
      );
    }
  });

  it('allows a path-prefixed entry at and below its path only, dot segments resolved', () => {
    const policy = new OutboundPolicy(parseAllowedHosts('127.0.0.1:7070/api'));
    const ok = (url: string, below = '') => checkOutboundUrl(url, policy, below).ok;
    // The Sedna client calls <base>/api/…: a base without a path is allowed, its calls under /api.
    expect(ok('http://127.0.0.1:7070', '/api/')).toBe(true);
    expect(ok('http://127.0.0.1:7070/api/')).toBe(true);
    expect(ok('http://127.0.0.1:7070/api/x')).toBe(true);
    expect(ok('http://127.0.0.1:7070/apix')).toBe(false);
    expect(ok('http://127.0.0.1:7070/__sim/reset')).toBe(false);
    expect(ok('http://127.0.0.1:7070/__sim', '/api/')).toBe(false);
    expect(ok('http://127.0.0.1:7070/api/../__sim/reset')).toBe(false);
    expect(ok('http://127.0.0.1:7070/')).toBe(false);
    expect(policy.allows('127.0.0.1', 7070, '/api/Integratiion/AgencyLogin?u=1')).toBe(true);
    expect(policy.allows('127.0.0.1', 7070, '/api/%2e%2e/__sim/reset')).toBe(false);
    expect(policy.allows('127.0.0.1', 7070, '/__sim/reset?/api/')).toBe(false);
    expect(policy.allows('127.0.0.1', 7071, '/api/x')).toBe(false);
  });
});

/** A local HTTP server standing in for an internal service; counts what it receives. */
async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('{}'),
): Promise<{ server: Server; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, requests };
}

async function closedPort(): Promise<number> {
  const { server, port } = await listen();
  server.close();
  await once(server, 'close');
  return port;
}

const creds = (apiUrl: string): SednaCredentials => ({
  apiUrl,
  username: 'agency',
  password: 'pw-secret',
  operatorId: 571,
  operatorCode: '7STAR',
  authorityId: 207,
  rateLimitPerSecond: 5,
});

async function loginError(apiUrl: string, agents: OutboundAgents, timeoutMs = 5000) {
  const err: unknown = await new SednaClient(creds(apiUrl), {}, undefined, timeoutMs, agents)
    .login()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(SednaError);
  return err as SednaError;
}

describe('checking the address when connecting', () => {
  let target: Awaited<ReturnType<typeof listen>>;
  const resolved: string[] = [];
  /** A public-looking name that resolves to the loopback address (DNS rebinding). */
  const rebinding: Resolver = async (hostname) => {
    resolved.push(hostname);
    return hostname === 'mixed.sedna.example.com'
      ? [
          { address: '93.184.216.34', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ]
      : [{ address: '127.0.0.1', family: 4 }];
  };

  beforeAll(async () => {
    target = await listen();
  });
  afterAll(() => target.server.close());

  it('refuses a public-looking name that resolves to 127.0.0.1, and sends nothing', async () => {
    const agents = createOutboundAgents(NO_EXCEPTIONS, rebinding);
    const url = `http://api.sedna.example.com:${target.port}/b2b`;
    expect(checkOutboundUrl(url, NO_EXCEPTIONS).ok).toBe(true); // passes the save-time check
    const err = await loginError(url, agents);
    expect(err.kind).toBe('rejected');
    expect(err.message).toBe(
      'AgencyLogin: the Sedna URL leads to an address that is not allowed (not a public address)',
    );
    expect(resolved).toContain('api.sedna.example.com');
    expect(target.requests).toEqual([]);
  });

  it('refuses it over https too (before any TLS handshake)', async () => {
    const agents = createOutboundAgents(NO_EXCEPTIONS, rebinding);
    const err = await loginError(`https://rebound.sedna.example.com:${target.port}`, agents);
    expect(err.message).toContain('not allowed');
    expect(resolved).toContain('rebound.sedna.example.com');
    expect(target.requests).toEqual([]);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const agents = createOutboundAgents(NO_EXCEPTIONS, rebinding);
    const err = await loginError(`http://mixed.sedna.example.com:${target.port}`, agents);
    expect(err.message).toContain('not allowed');
    expect(target.requests).toEqual([]);
  });

  it('refuses an internal IP literal, which needs no lookup', async () => {
    const agents = createOutboundAgents(NO_EXCEPTIONS, rebinding);
    for (const url of [
      `http://127.0.0.1:${target.port}`,
      `http://[::ffff:127.0.0.1]:${target.port}`,
    ]) {
      expect((await loginError(url, agents)).message).toContain('not allowed');
    }
    expect(target.requests).toEqual([]);
  });

  it('refuses a stored URL that breaks the form rules before sending anything', async () => {
    const agents = createOutboundAgents(new OutboundPolicy(parseAllowedHosts('127.0.0.1')));
    const err = await loginError(`http://127.0.0.1:${target.port}/x?steer=`, agents);
    expect(err.message).toBe(
      'AgencyLogin: the Sedna URL is not allowed: it must not contain a query (?) or a fragment (#)',
    );
    expect(target.requests).toEqual([]);
  });

  it('sends to an allowed path only, never on a connection opened for it to another path', async () => {
    const agents = createOutboundAgents(
      new OutboundPolicy(parseAllowedHosts(`127.0.0.1:${target.port}/api`)),
    );
    try {
      const get = (path: string) =>
        axios.get(`http://127.0.0.1:${target.port}${path}`, {
          httpAgent: agents.httpAgent,
          proxy: false,
          validateStatus: () => true,
        });
      expect((await get('/api/x')).status).toBe(200);
      // The same host and port, outside the path: refused, although a keep-alive connection to
      // that host is open and idle.
      await expect(get('/__sim/reset')).rejects.toMatchObject({ code: 'EOUTBOUNDREFUSED' });
      await expect(get('/api/../__sim/reset')).rejects.toMatchObject({ code: 'EOUTBOUNDREFUSED' });
      await expect(get('/api/%2e%2e/__sim/reset')).rejects.toMatchObject({
        code: 'EOUTBOUNDREFUSED',
      });
      expect((await get('/api/y')).status).toBe(200);
      expect(target.requests).toEqual(['/api/x', '/api/y']);
    } finally {
      agents.httpAgent.destroy();
      target.requests.length = 0;
    }
  });

  it('connects to an allowed host', async () => {
    const agents = createOutboundAgents(
      new OutboundPolicy(parseAllowedHosts(`127.0.0.1:${target.port}`)),
      rebinding,
    );
    // `{}` is no envelope: the request went through and the answer is judged.
    const err = await loginError(`http://127.0.0.1:${target.port}/b2b`, agents);
    expect(err.message).toContain('not a Sedna response');
    expect(target.requests).toEqual([
      '/b2b/api/Integratiion/AgencyLogin?username=agency&password=pw-secret',
    ]);
  });
});

describe('what the tenant reads of an answer that is not Sedna', () => {
  const allowLoopback = createOutboundAgents(new OutboundPolicy(parseAllowedHosts('127.0.0.1')));
  const servers: Server[] = [];
  afterAll(() => {
    allowLoopback.httpAgent.destroy();
    for (const s of servers) s.close();
    for (const s of servers) s.closeAllConnections();
  });

  async function answer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
    const { server, port, requests } = await listen(handler);
    servers.push(server);
    return { url: `http://127.0.0.1:${port}`, requests };
  }

  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  it.each([
    [
      'plain text',
      (_req: IncomingMessage, res: ServerResponse) => res.end('INTERNAL-ONLY: aws_secret=abc'),
    ],
    [
      'HTML',
      (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<h1>INTERNAL-ONLY admin</h1>');
      },
    ],
    ['JSON of another service', json(200, { message: 'INTERNAL-ONLY: aws_secret=abc', ok: true })],
    [
      'an envelope-like object with a text ErrorType',
      json(200, { ErrorType: '7', Message: 'INTERNAL-ONLY' }),
    ],
    [
      'an envelope-like object with an object Message',
      json(200, { ErrorType: 7, Message: { secret: 'INTERNAL-ONLY' } }),
    ],
    ['a JSON string', json(200, 'INTERNAL-ONLY')],
  ])('%s: a fixed message naming the status only', async (_what, handler) => {
    const { url } = await answer(handler);
    const err = await loginError(url, allowLoopback);
    expect(err.message).toBe(
      'AgencyLogin: Sedna answered with something that is not a Sedna response (HTTP 200)',
    );
    expect(err.message).not.toContain('INTERNAL');
  });

  it("shows Sedna's own Message from a genuine envelope", async () => {
    const { url } = await answer(json(200, { ErrorType: 3, Message: 'Invalid user', RecId: null }));
    expect((await loginError(url, allowLoopback)).message).toBe(
      'AgencyLogin: Sedna error 3: Invalid user',
    );
  });

  it('keeps the body of an HTTP error out of the message', async () => {
    const { url } = await answer(json(500, { Message: 'INTERNAL-ONLY stack trace' }));
    expect((await loginError(url, allowLoopback)).message).toBe(
      'AgencyLogin: Sedna server error (HTTP 500)',
    );
  });

  it('does not follow a redirect', async () => {
    const inner = await answer(json(200, { ErrorType: 0, RecId: 571 }));
    const { url, requests } = await answer((_req, res) => {
      res.writeHead(302, { Location: `${inner.url}/latest/meta-data` });
      res.end();
    });
    const err = await loginError(url, allowLoopback);
    expect(err.message).toBe(
      'AgencyLogin: Sedna answered with a redirect (HTTP 302), which is not followed',
    );
    expect(err.kind).toBe('rejected');
    expect(requests).toHaveLength(1);
    expect(inner.requests).toEqual([]);
  });

  it('words every network failure the same: closed ports, a timeout', async () => {
    const silent = await answer(() => undefined); // never answers
    const messages = await Promise.all([
      loginError(`http://127.0.0.1:${await closedPort()}`, allowLoopback),
      loginError(`http://127.0.0.1:${await closedPort()}/other`, allowLoopback),
      loginError(silent.url, allowLoopback, 300),
    ]);
    expect(messages.map((e) => e.message)).toEqual([
      'AgencyLogin: Sedna is unreachable',
      'AgencyLogin: Sedna is unreachable',
      'AgencyLogin: Sedna is unreachable',
    ]);
    expect(messages.map((e) => e.kind)).toEqual(['not-sent', 'not-sent', 'uncertain']);
  });
});
