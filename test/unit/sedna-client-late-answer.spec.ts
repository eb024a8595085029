import { once } from 'node:events';
import { Agent, createServer, ServerResponse } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import { SednaClient } from '../../src/sedna/sedna-client';
import { SednaError } from '../../src/sedna/sedna-errors';
import type { SednaCredentials } from '../../src/sedna/sedna-types';

const creds = (apiUrl: string): SednaCredentials => ({
  apiUrl,
  username: 'agency',
  password: 'pw',
  operatorId: 571,
  operatorCode: '7STAR',
  authorityId: 207,
  rateLimitPerSecond: 5,
});

const TIMEOUT_MS = 200;

/** A login through `agent` whose claim's "over" is recorded; returns the attempt's error. */
async function timedOutLogin(apiUrl: string, agent: Agent) {
  const over = { at: null as number | null };
  const client = new SednaClient(
    creds(apiUrl),
    {},
    undefined,
    TIMEOUT_MS,
    { httpAgent: agent, httpsAgent: agent as never },
    async () => () => {
      over.at = Date.now();
    },
  );
  const err: unknown = await client.login().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SednaError);
  return { err: err as SednaError, over, failedAt: Date.now() };
}

async function until(check: () => boolean, ms = 5000) {
  for (const end = Date.now() + ms; !check() && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a Sedna request that times out', () => {
  it('keeps its connection open, and is over only when Sedna answers', async () => {
    const held: ServerResponse[] = [];
    let closed = 0;
    const server = createServer((req, res) => {
      req.socket.once('close', () => (closed += 1));
      held.push(res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const agent = new Agent({ keepAlive: true });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { err, over, failedAt } = await timedOutLogin(url, agent);
      expect(err.kind).toBe('uncertain');
      expect(err.message).toBe('AgencyLogin: Sedna is unreachable');
      // The attempt failed, but the request can still be read and answered: it is not over.
      await new Promise((r) => setTimeout(r, 3 * TIMEOUT_MS));
      expect(held).toHaveLength(1);
      expect(closed).toBe(0);
      expect(over.at).toBeNull();
      held[0].writeHead(200, { 'Content-Type': 'application/json' });
      held[0].end(JSON.stringify({ ErrorType: 0, Message: null, RecId: 1 }));
      await until(() => over.at !== null);
      expect(over.at).toBeGreaterThan(failedAt);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('is abandoned, and over at once, when its connection never opened', async () => {
    // The connection stays in its lookup: nothing of the request can reach Sedna.
    const sockets: Socket[] = [];
    const agent = new Agent();
    agent.createConnection = (options) => {
      const socket = connect({
        host: String(options.host),
        port: Number(options.port),
        lookup: () => undefined,
      });
      sockets.push(socket);
      return socket;
    };
    const { err, over } = await timedOutLogin('http://sedna.example.com', agent);
    expect(err.kind).toBe('uncertain');
    await until(() => over.at !== null);
    expect(over.at).not.toBeNull();
    expect(sockets).toHaveLength(1);
    expect(sockets[0].destroyed).toBe(true);
  });
});
