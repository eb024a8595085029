/**
 * HTTP agents for tenant-supplied URLs: every new connection is checked on the address it is
 * about to reach (after DNS, so a name that resolves, or later re-resolves, to an internal
 * address is refused: DNS rebinding). Requests to a host and path the operator allowed for the
 * agents' purpose (OUTBOUND_ALLOWED_HOSTS for Sedna, WEBHOOK_ALLOWED_HOSTS for webhooks) pass;
 * they travel on connections of their own, so a connection opened for an allowed path never
 * carries a request to another path of that host.
 */
import { promises as dns, LookupAddress, LookupOptions } from 'node:dns';
import { Agent as HttpAgent, AgentOptions, ClientRequest, ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, RequestOptions as HttpsRequestOptions } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { outboundAllowedHosts } from '../config/app-config';
import { classifyAddress, OutboundPolicy } from './outbound-url';

/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

export const OUTBOUND_REFUSED = 'EOUTBOUNDREFUSED';

/** A connection refused by the outbound rules. Its message names no address (it may be shown). */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
  readonly code = OUTBOUND_REFUSED;

  constructor(
    /** For logs of the operator, never for the tenant. */
    readonly detail: string,
  ) {
    super('the address is not allowed for outbound requests');
  }
}

/**
 * A `lookup` for net.connect that resolves the name and refuses it when any of its addresses is
 * not public (a name with one internal address among public ones could be steered to it).
 */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (all) => {
        const refused = all
          .map((a) => ({ a, reason: classifyAddress(a.address) }))
          .find((r) => r.reason);
        if (refused) {
          callback(new OutboundRefusedError(`${hostname} resolves to ${refused.reason}`), '');
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = all.filter((a) => !wanted || a.family === wanted);
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          err.code = 'ENOTFOUND';
          callback(err, '');
        } else if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

type CreateConnection = (
  options: ClientRequestArgs,
  callback?: (err: Error | null, stream: Duplex) => void,
) => Duplex | null | undefined;

/**
 * The options an agent passes to getName and createConnection, with the request's path: Node
 * gives the agent no path of its own (options.path is null there), so addRequest adds it.
 */
type AgentRequestOptions = ClientRequestArgs & { requestPath?: string };

/** Whether the operator allowed this request (its host, port and path) by name. */
function allowedByName(policy: OutboundPolicy, options: AgentRequestOptions): boolean {
  if (options.requestPath === undefined) return false;
  const host = options.host ?? options.hostname ?? 'localhost';
  const port = Number(options.port ?? (options.protocol === 'https:' ? 443 : 80));
  return policy.allows(host, port, options.requestPath);
}

/** Wraps an agent's createConnection with the checks; IP literals skip lookup, so they are checked here. */
function guardConnections(
  original: CreateConnection,
  policy: OutboundPolicy,
  lookup: LookupFunction,
): CreateConnection {
  return function (this: HttpAgent, options, callback) {
    const host = options.host ?? options.hostname ?? 'localhost';
    if (allowedByName(policy, options)) return original.call(this, options, callback);
    const literal = host.replace(/^\[(.*)\]$/, '$1');
    const reason = isIP(literal) ? classifyAddress(literal) : null;
    if (reason) {
      const err = new OutboundRefusedError(`${literal} is ${reason}`);
      process.nextTick(() => callback?.(err, undefined as unknown as Duplex));
      return undefined;
    }
    return original.call(this, { ...options, lookup }, callback);
  };
}

export interface OutboundAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/** A guarded agent per protocol (keep-alive; share them: connections are reused). */
export function createOutboundAgents(
  policy: OutboundPolicy,
  resolve: Resolver = systemResolver,
  options: AgentOptions = { keepAlive: true },
): OutboundAgents {
  const lookup = guardedLookup(resolve);
  const httpAgent = new HttpAgent(options);
  const httpsAgent = new HttpsAgent(options);
  httpAgent.createConnection = guardConnections(
    httpAgent.createConnection.bind(httpAgent) as CreateConnection,
    policy,
    lookup,
  );
  const httpsCreate = httpsAgent.createConnection.bind(httpsAgent) as (
    o: HttpsRequestOptions,
    cb?: (err: Error | null, stream: Duplex) => void,
  ) => Duplex | null | undefined;
  httpsAgent.createConnection = guardConnections(
    httpsCreate as CreateConnection,
    policy,
    lookup,
  ) as typeof httpsAgent.createConnection;
  for (const agent of [httpAgent, httpsAgent]) {
    const withPath = agent as unknown as {
      addRequest(req: ClientRequest, options: AgentRequestOptions): void;
    };
    const addRequest = withPath.addRequest.bind(agent);
    withPath.addRequest = (req, options) => addRequest(req, { ...options, requestPath: req.path });
    // Keep-alive pools by name: requests allowed by name get connections of their own.
    const getName = agent.getName.bind(agent) as (o: AgentRequestOptions) => string;
    agent.getName = (o?: AgentRequestOptions) =>
      `${getName(o ?? {})}${o && allowedByName(policy, o) ? '|allowed' : ''}`;
  }
  return { httpAgent, httpsAgent };
}

let fromEnv: { raw: string | undefined; agents: OutboundAgents } | undefined;

/** The process's shared Sedna agents under OUTBOUND_ALLOWED_HOSTS as it is now (re-read when it changes). */
export function outboundAgentsFromEnv(): OutboundAgents {
  const raw = process.env.OUTBOUND_ALLOWED_HOSTS;
  if (!fromEnv || fromEnv.raw !== raw) {
    fromEnv = { raw, agents: createOutboundAgents(new OutboundPolicy(outboundAllowedHosts())) };
  }
  return fromEnv.agents;
}
