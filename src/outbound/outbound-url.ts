/**
 * Rules for URLs a tenant supplies and the application then calls (the Sedna base URL, the
 * webhook URL): SPEC §9. They never lead to private, loopback, link-local, unique-local, CGNAT,
 * multicast, unspecified, documentation or metadata addresses, unless the operator names the
 * host (and path) in the list of that purpose: OUTBOUND_ALLOWED_HOSTS for Sedna,
 * WEBHOOK_ALLOWED_HOSTS for webhooks. Checked on the text when saved (checkOutboundUrl) and on
 * the resolved address and the path of each request (outbound-agent.ts).
 */
import { BlockList, isIP } from 'node:net';

/** Why an address is refused, or null when it is a public unicast address. */
export type AddressVerdict = string | null;

const V4_RANGES: [string, number, string][] = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local (cloud metadata) address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol (metadata) address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.31.196.0', 24, 'an AS112 address'],
  ['192.52.193.0', 24, 'an AMT address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['192.175.48.0', 24, 'an AS112 address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved or broadcast address'],
];

const V6_RANGES: [string, number, string][] = [
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['100::', 64, 'a discard-only address'],
  ['64:ff9b:1::', 48, 'a local NAT64 address'],
  ['2001::', 23, 'an IETF protocol address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
  ['5f00::', 16, 'a segment-routing address'],
  ['fc00::', 7, 'a unique-local address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

function blockList(ranges: [string, number, string][], type: 'ipv4' | 'ipv6') {
  return ranges.map(([net, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    return { list, reason };
  });
}

const V4_BLOCKS = blockList(V4_RANGES, 'ipv4');
const V6_BLOCKS = blockList(V6_RANGES, 'ipv6');

/** The 16 bytes of an IPv6 address (zone id dropped), or null. */
function ipv6Bytes(address: string): number[] | null {
  const bare = address.replace(/%.*$/, '');
  if (isIP(bare) !== 6) return null;
  // The URL parser writes it compressed and in hex only (a trailing dotted quad becomes 2 words).
  const hex = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const [head, tail] = hex.split('::');
  const words = (part: string | undefined) => (part ? part.split(':') : []);
  const left = words(head);
  const right = words(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (all.length !== 8) return null;
  return all.flatMap((w) => {
    const n = parseInt(w, 16);
    return [n >> 8, n & 0xff];
  });
}

const v4 = (b: number[]) => b.join('.');

/**
 * The IPv4 address an IPv6 address carries and a connection would reach: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
 * (2002:AABB:CCDD::). Null when it carries none.
 */
function embeddedIpv4(bytes: number[]): string | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(bytes.slice(12));
  if (zero(0, 12) && !zero(12, 15)) return v4(bytes.slice(12));
  const nat64 = [0, 0x64, 0xff, 0x9b, ...Array<number>(8).fill(0)];
  if (nat64.every((b, i) => bytes[i] === b)) return v4(bytes.slice(12));
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(bytes.slice(2, 6));
  return null;
}

/** Why a connection to this IP address is refused, or null for a public unicast address. */
export function classifyAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 4) return V4_BLOCKS.find((b) => b.list.check(address, 'ipv4'))?.reason ?? null;
  if (family !== 6) return 'not an IP address';
  const bytes = ipv6Bytes(address);
  if (!bytes) return 'not an IP address';
  const inner = embeddedIpv4(bytes);
  if (inner) {
    const reason = classifyAddress(inner);
    return reason && `an IPv6 form of ${reason}`;
  }
  const plain = address.replace(/%.*$/, '');
  return V6_BLOCKS.find((b) => b.list.check(plain, 'ipv6'))?.reason ?? null;
}

/** Host names that lead to the machine itself, the local network or a cloud metadata service. */
const INTERNAL_NAMES = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
]);
const INTERNAL_SUFFIXES = [
  '.localhost',
  '.internal',
  '.local',
  '.localdomain',
  '.home.arpa',
  '.lan',
  '.intranet',
  '.corp',
];

/** Lower case, without brackets around IPv6 and without the trailing dot of an FQDN. */
export function canonicalHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '');
}

/** Why a host name (not an IP literal) is refused by its name alone, or null. */
export function classifyHostName(hostname: string): AddressVerdict {
  const host = canonicalHost(hostname);
  if (isIP(host)) return classifyAddress(host);
  if (INTERNAL_NAMES.has(host) || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) {
    return 'an internal host name';
  }
  if (!host.includes('.')) return 'a single-label (internal) host name';
  return null;
}

/** One entry of an allow-list: a host, on any port or on one, under any path or under one. */
export interface AllowedHost {
  host: string;
  port?: number;
  /** Requests are allowed only at this path or below it (`/api` allows `/api/x`, not `/apix`). */
  pathPrefix?: string;
}

/** The path a request reaches: dot segments resolved (also encoded ones), no query, no slash at the end. */
export function requestPath(path: string): string {
  const bare = path.split(/[?#]/)[0] || '/';
  // Appended to an origin, never parsed as a reference: "//x" is a path here, not a host.
  return new URL(`http://h${bare.startsWith('/') ? bare : `/${bare}`}`).pathname.replace(
    /\/+$/,
    '',
  );
}

/**
 * Parses `host`, `host:port`, `host/path` or `host:port/path` entries, comma-separated (IPv6 as
 * `[::1]:8080/path` or `::1`). `variable` names the list in errors.
 */
export function parseAllowedHosts(
  raw: string | undefined,
  variable = 'OUTBOUND_ALLOWED_HOSTS',
): AllowedHost[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const slash = entry.startsWith('[')
        ? entry.indexOf('/', entry.indexOf(']'))
        : entry.indexOf('/');
      const hostPart = slash < 0 ? entry : entry.slice(0, slash);
      const pathPart = slash < 0 ? undefined : entry.slice(slash);
      const match =
        /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPart) ??
        (isIP(hostPart) === 6 ? [hostPart, hostPart] : null) ??
        /^([^:/?#@\s]+)(?::(\d+))?$/.exec(hostPart);
      const port = match?.[2] === undefined ? undefined : Number(match[2]);
      const badPath =
        pathPart !== undefined &&
        (!/^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@-]+)*\/?$/.test(pathPart) ||
          pathPart.split('/').some((seg) => seg === '.' || seg === '..'));
      if (!match || badPath || (port !== undefined && (port < 1 || port > 65535))) {
        throw new Error(
          `${variable}: "${entry}" is not a host, host:port, host/path or host:port/path`,
        );
      }
      const bare = canonicalHost(match[1]);
      // The URL parser's form of the host (e.g. 127.1 → 127.0.0.1), as URLs are compared in it.
      const host = canonicalHost(
        new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname,
      );
      const pathPrefix = pathPart === undefined ? undefined : requestPath(pathPart);
      return { host, port, ...(pathPrefix ? { pathPrefix } : {}) };
    });
}

/** The operator's exceptions to the rules, for one purpose (Sedna or webhooks). */
export class OutboundPolicy {
  constructor(readonly allowedHosts: readonly AllowedHost[] = []) {}

  /**
   * Whether the operator allowed this host (as the URL names it) on this port, for a request to
   * `path` (its request path: the query is ignored, dot segments resolved).
   */
  allows(hostname: string, port: number, path: string): boolean {
    const host = canonicalHost(hostname);
    const wanted = requestPath(path);
    return this.allowedHosts.some(
      (a) =>
        a.host === host &&
        (a.port === undefined || a.port === port) &&
        (a.pathPrefix === undefined ||
          wanted === a.pathPrefix ||
          wanted.startsWith(`${a.pathPrefix}/`)),
    );
  }
}

/** The port a URL connects to. */
export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export type OutboundUrlCheck =
  { ok: true; url: string; allowedByName: boolean } | { ok: false; reason: string };

const PATH_SEGMENT =
  /^(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%(?!2[eEfF]|5[cC]|3[fF]|23|00)[0-9A-Fa-f]{2})*$/;

/**
 * The form rules alone: http or https, no user info, no query or fragment, a path of plain
 * segments. Returns the URL and its normalised text (no trailing slash), or why it is refused.
 */
export function parseOutboundUrl(
  raw: string,
): { ok: true; url: URL; base: string } | { ok: false; reason: string } {
  const refuse = (reason: string) => ({ ok: false as const, reason });
  // URL parsers drop or re-encode these silently: refuse them rather than guess.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) {
    return refuse('must not contain spaces, control characters or backslashes');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse('must be an http or https URL');
  }
  if (raw.includes('@') || url.username || url.password) {
    return refuse('must not contain user info (user:password@)');
  }
  if (raw.includes('?') || raw.includes('#')) {
    return refuse('must not contain a query (?) or a fragment (#)');
  }
  const segments = url.pathname.split('/').slice(1);
  if (segments.some((s) => !PATH_SEGMENT.test(s))) {
    return refuse('must have a plain path (no encoded dots, slashes or special characters)');
  }
  return { ok: true, url, base: `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '') };
}

/**
 * Checks a tenant's base URL when it is saved and returns it normalised: the form rules, and a
 * host that is neither an internal name nor a non-public IP address (in any spelling), unless
 * the operator allowed it for the paths the application will call: the URL's own path followed
 * by `below` (the Sedna client calls `<base>/api/…`: `below` is `/api/`). The address it
 * resolves to, and each request's path, are checked again when connecting.
 */
export function checkOutboundUrl(
  raw: string,
  policy: OutboundPolicy,
  below = '',
): OutboundUrlCheck {
  const parsed = parseOutboundUrl(raw);
  if (!parsed.ok) return parsed;
  const { url, base } = parsed;
  const called = `${url.pathname.replace(/\/+$/, '')}${below}`;
  if (policy.allows(url.hostname, effectivePort(url), called)) {
    return { ok: true, url: base, allowedByName: true };
  }
  const verdict = classifyHostName(url.hostname);
  if (verdict)
    return { ok: false, reason: `must lead to a public host; ${url.hostname} is ${verdict}` };
  return { ok: true, url: base, allowedByName: false };
}
