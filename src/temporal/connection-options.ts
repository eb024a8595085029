import { readFileSync } from 'node:fs';

/** The TLS settings both `Connection.connect` (client) and `NativeConnection.connect` (worker) take. */
export interface TemporalTlsConfig {
  /** mTLS: the client certificate and its private key (PEM). */
  clientCertPair?: { crt: Buffer; key: Buffer };
  /** CA bundle that signs the server's certificate; default: the system roots. */
  serverRootCACertificate?: Buffer;
  /** Name expected in the server's certificate, when it differs from the address's host. */
  serverNameOverride?: string;
}

/**
 * Where and how the API, the worker and the scripts reach Temporal. `address`, `tls` and `apiKey`
 * plug straight into `Connection.connect` / `NativeConnection.connect`; `namespace` goes to the
 * client or the worker.
 */
export interface TemporalConnectionOptions {
  address: string;
  namespace: string;
  /** `true`: TLS with the system roots and no client certificate (Temporal Cloud with an API key). */
  tls?: TemporalTlsConfig | true;
  /** Temporal Cloud API key, sent as a bearer token. Never logged. */
  apiKey?: string;
}

const DEFAULT_ADDRESS = 'localhost:7233';
const DEFAULT_NAMESPACE = 'default';

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** The file's bytes; the error names the variable and the path, never the content. */
function readPem(name: string, path: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`${name}: cannot read ${path} (${reason})`);
  }
  if (content.length === 0) throw new Error(`${name}: ${path} is empty`);
  return content;
}

/**
 * Reads the Temporal connection from the environment, once at start (certificate files included),
 * and fails naming the variable when a piece is missing or unreadable:
 * - `TEMPORAL_ADDRESS` (default `localhost:7233`), `TEMPORAL_NAMESPACE` (default `default`);
 * - mTLS: `TEMPORAL_TLS_CERT` + `TEMPORAL_TLS_KEY` (paths), `TEMPORAL_TLS_CA` (path, optional);
 * - Temporal Cloud: `TEMPORAL_API_KEY` (implies TLS; address and namespace then required);
 * - `TEMPORAL_TLS_SERVER_NAME` (optional, with TLS); `TEMPORAL_TLS=true` for TLS without a client
 *   certificate (server authentication only, e.g. with `TEMPORAL_TLS_CA`).
 */
export function temporalConnectionOptions(
  env: NodeJS.ProcessEnv = process.env,
): TemporalConnectionOptions {
  const cert = value(env, 'TEMPORAL_TLS_CERT');
  const key = value(env, 'TEMPORAL_TLS_KEY');
  const ca = value(env, 'TEMPORAL_TLS_CA');
  const serverName = value(env, 'TEMPORAL_TLS_SERVER_NAME');
  const apiKey = value(env, 'TEMPORAL_API_KEY');
  const tlsFlag = value(env, 'TEMPORAL_TLS');
  if (tlsFlag !== undefined && tlsFlag !== 'true' && tlsFlag !== 'false') {
    throw new Error(`TEMPORAL_TLS must be "true" or "false", got "${tlsFlag}"`);
  }

  if (cert && !key) throw new Error('TEMPORAL_TLS_KEY is required when TEMPORAL_TLS_CERT is set');
  if (key && !cert) throw new Error('TEMPORAL_TLS_CERT is required when TEMPORAL_TLS_KEY is set');

  const wantsTls = Boolean(cert || apiKey || tlsFlag === 'true');
  if (tlsFlag === 'false') {
    const conflict = [
      ['TEMPORAL_TLS_CERT', cert],
      ['TEMPORAL_API_KEY', apiKey],
      ['TEMPORAL_TLS_CA', ca],
      ['TEMPORAL_TLS_SERVER_NAME', serverName],
    ].find(([, v]) => v)?.[0];
    if (conflict) throw new Error(`TEMPORAL_TLS=false contradicts ${conflict}, which needs TLS`);
  }
  for (const [name, v] of [
    ['TEMPORAL_TLS_CA', ca],
    ['TEMPORAL_TLS_SERVER_NAME', serverName],
  ] as const) {
    if (v && !wantsTls) {
      throw new Error(
        `${name} is set but TLS is not enabled: set TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY (mTLS), ` +
          'TEMPORAL_API_KEY (Temporal Cloud) or TEMPORAL_TLS=true (server TLS only)',
      );
    }
  }

  const address = value(env, 'TEMPORAL_ADDRESS');
  const namespace = value(env, 'TEMPORAL_NAMESPACE');
  if (apiKey && !address) {
    throw new Error(
      'TEMPORAL_ADDRESS is required when TEMPORAL_API_KEY is set (e.g. <namespace>.<account>.tmprl.cloud:7233)',
    );
  }
  if (apiKey && !namespace) {
    throw new Error(
      'TEMPORAL_NAMESPACE is required when TEMPORAL_API_KEY is set (e.g. <namespace>.<account>)',
    );
  }

  const options: TemporalConnectionOptions = {
    address: address ?? DEFAULT_ADDRESS,
    namespace: namespace ?? DEFAULT_NAMESPACE,
  };
  if (wantsTls) {
    const tls: TemporalTlsConfig = {};
    if (cert && key) {
      tls.clientCertPair = {
        crt: readPem('TEMPORAL_TLS_CERT', cert),
        key: readPem('TEMPORAL_TLS_KEY', key),
      };
    }
    if (ca) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', ca);
    if (serverName) tls.serverNameOverride = serverName;
    options.tls = Object.keys(tls).length > 0 ? tls : true;
  }
  if (apiKey) options.apiKey = apiKey;
  return options;
}
