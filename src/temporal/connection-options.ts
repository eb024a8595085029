import { readFileSync } from 'node:fs';
import {
  loadClientConfigProfile,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';

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
  /** gRPC headers of every call (TEMPORAL_GRPC_META_*, the profile's grpc_meta). */
  metadata?: Record<string, string>;
}

const DEFAULT_ADDRESS = 'localhost:7233';
const DEFAULT_NAMESPACE = 'default';

/** What is read through envconfig (and TEMPORAL_GRPC_META_<header>), named for .env.example. */
export const TEMPORAL_ENV_VARIABLES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_CONFIG_FILE',
  'TEMPORAL_PROFILE',
] as const;

/** Today's names, kept as aliases of Temporal's standard ones (a warning at start names them). */
export const DEPRECATED_TEMPORAL_VARIABLES = {
  TEMPORAL_TLS_CERT: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
} as const;
type Alias = keyof typeof DEPRECATED_TEMPORAL_VARIABLES;

/** Where the profile file is looked up, besides TEMPORAL_CONFIG_FILE (envconfig's rules). */
const CONFIG_DIR_VARIABLES = ['HOME', 'XDG_CONFIG_HOME', 'APPDATA'];

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** The deprecated names set in `env`, each with the name to use instead. */
export function deprecatedTemporalVariables(
  env: NodeJS.ProcessEnv = process.env,
): { name: string; use: string }[] {
  return Object.entries(DEPRECATED_TEMPORAL_VARIABLES)
    .filter(([alias]) => value(env, alias) !== undefined)
    .map(([name, use]) => ({ name, use }));
}

/**
 * The environment envconfig reads: Temporal's variables that are not blank, the deprecated
 * aliases under their standard names (both set differently is an error), and where the profile
 * file is found.
 */
function standardEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env)) {
    const v = value(env, name);
    if (v === undefined) continue;
    // Inline PEM keeps its bytes (its final newline); other values are trimmed.
    if (name.startsWith('TEMPORAL_') || CONFIG_DIR_VARIABLES.includes(name))
      out[name] = name.endsWith('_DATA') ? (env[name] as string) : v;
  }
  for (const [alias, standard] of Object.entries(DEPRECATED_TEMPORAL_VARIABLES)) {
    const old = out[alias];
    if (old === undefined) continue;
    if (out[standard] !== undefined && out[standard] !== old) {
      throw new Error(
        `${alias} (deprecated) and ${standard} are both set, differently: keep ${standard}`,
      );
    }
    out[standard] = old;
    delete out[alias];
  }
  return out;
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

type Piece = 'CLIENT_CERT' | 'CLIENT_KEY' | 'SERVER_CA_CERT';
const ALIAS_OF: Record<Piece, Alias> = {
  CLIENT_CERT: 'TEMPORAL_TLS_CERT',
  CLIENT_KEY: 'TEMPORAL_TLS_KEY',
  SERVER_CA_CERT: 'TEMPORAL_TLS_CA',
};

/** The name the operator set a piece by, for errors: the alias, the variable, or the profile. */
function labelOf(env: NodeJS.ProcessEnv, piece: Piece): string {
  for (const name of [ALIAS_OF[piece], `TEMPORAL_TLS_${piece}_PATH`, `TEMPORAL_TLS_${piece}_DATA`])
    if (value(env, name) !== undefined) return name;
  return `the profile's tls.${piece.toLowerCase()}`;
}

/** The name to ask for a missing piece, in the style of the one that was set. */
function missingName(piece: Piece, given: string): string {
  if (given in DEPRECATED_TEMPORAL_VARIABLES) return ALIAS_OF[piece];
  return `TEMPORAL_TLS_${piece}_PATH`;
}

function bytesOf(label: string, source: ConfigDataSource | undefined): Buffer | undefined {
  if (!source) return undefined;
  if ('path' in source) return readPem(label, source.path);
  const data = Buffer.from(source.data);
  if (data.length === 0) throw new Error(`${label} is empty`);
  return data;
}

/**
 * Reads the Temporal connection once at start, the ecosystem's way (@temporalio/envconfig):
 * `TEMPORAL_ADDRESS` (default `localhost:7233`), `TEMPORAL_NAMESPACE` (default `default`),
 * `TEMPORAL_API_KEY` (implies TLS; address and namespace then required),
 * `TEMPORAL_TLS_CLIENT_CERT_PATH`/`_DATA` + `TEMPORAL_TLS_CLIENT_KEY_PATH`/`_DATA` (mTLS),
 * `TEMPORAL_TLS_SERVER_CA_CERT_PATH`/`_DATA`, `TEMPORAL_TLS_SERVER_NAME`, `TEMPORAL_TLS`
 * (`true`: TLS without a client certificate; `false`: none), `TEMPORAL_GRPC_META_*`, over the
 * profile `TEMPORAL_PROFILE` (default `default`) of the TOML file `TEMPORAL_CONFIG_FILE`
 * (default `~/.config/temporalio/temporal.toml`, when it exists). `TEMPORAL_TLS_CERT`, `_KEY`
 * and `_CA` are deprecated aliases. Fails naming the variable when a piece is missing,
 * contradictory or unreadable.
 */
export function temporalConnectionOptions(
  env: NodeJS.ProcessEnv = process.env,
): TemporalConnectionOptions {
  const tlsFlag = value(env, 'TEMPORAL_TLS');
  if (tlsFlag !== undefined && !['true', 'false', '1', '0'].includes(tlsFlag)) {
    throw new Error(`TEMPORAL_TLS must be "true" or "false", got "${tlsFlag}"`);
  }
  const std = standardEnv(env);
  const profile: ClientConfigProfile = loadClientConfigProfile({ overrideEnvVars: std });
  // The file's own profile: a [tls] table there turns TLS on, as in the Temporal CLI.
  const fromFile: ClientConfigProfile = loadClientConfigProfile({
    overrideEnvVars: std,
    disableEnv: true,
  });
  const tlsConfig = profile.tls ?? {};
  const cert = tlsConfig.clientCert;
  const key = tlsConfig.clientKey;
  const ca = tlsConfig.serverCACert;
  const serverName = tlsConfig.serverName;
  const apiKey = profile.apiKey?.trim() || undefined;
  const certName = labelOf(env, 'CLIENT_CERT');
  const keyName = labelOf(env, 'CLIENT_KEY');
  const caName = labelOf(env, 'SERVER_CA_CERT');

  if (cert && !key) {
    throw new Error(`${missingName('CLIENT_KEY', certName)} is required when ${certName} is set`);
  }
  if (key && !cert) {
    throw new Error(`${missingName('CLIENT_CERT', keyName)} is required when ${keyName} is set`);
  }

  const disabled = tlsConfig.disabled === true;
  const wantsTls = Boolean(
    cert ||
    apiKey ||
    tlsConfig.disabled === false ||
    (fromFile.tls !== undefined && fromFile.tls.disabled !== true),
  );
  if (disabled) {
    const conflict = [
      [certName, cert],
      ['TEMPORAL_API_KEY', apiKey],
      [caName, ca],
      ['TEMPORAL_TLS_SERVER_NAME', serverName],
    ].find(([, v]) => v)?.[0];
    if (conflict) throw new Error(`TEMPORAL_TLS=false contradicts ${conflict}, which needs TLS`);
  }
  for (const [name, v] of [
    [caName, ca],
    ['TEMPORAL_TLS_SERVER_NAME', serverName],
  ] as const) {
    if (v && !wantsTls) {
      throw new Error(
        `${name} is set but TLS is not enabled: set TEMPORAL_TLS_CLIENT_CERT_PATH + ` +
          'TEMPORAL_TLS_CLIENT_KEY_PATH (mTLS), TEMPORAL_API_KEY (Temporal Cloud) or ' +
          'TEMPORAL_TLS=true (server TLS only)',
      );
    }
  }

  const address = profile.address?.trim() || undefined;
  const namespace = profile.namespace?.trim() || undefined;
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
    const crt = bytesOf(certName, cert);
    const keyBytes = bytesOf(keyName, key);
    if (crt && keyBytes) tls.clientCertPair = { crt, key: keyBytes };
    const caBytes = bytesOf(caName, ca);
    if (caBytes) tls.serverRootCACertificate = caBytes;
    if (serverName) tls.serverNameOverride = serverName;
    options.tls = Object.keys(tls).length > 0 ? tls : true;
  }
  if (apiKey) options.apiKey = apiKey;
  if (profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0)
    options.metadata = profile.grpcMeta;
  return options;
}
