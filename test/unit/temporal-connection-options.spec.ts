import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import {
  deprecatedTemporalVariables,
  TemporalConnectionOptions,
  temporalConnectionOptions,
} from '../../src/temporal/connection-options';

// Compile-time: the parser's result plugs into both SDKs' connection options as it is.
const asClient: (o: TemporalConnectionOptions) => ConnectionOptions = (o) => o;
const asWorker: (o: TemporalConnectionOptions) => NativeConnectionOptions = (o) => o;

describe('temporalConnectionOptions', () => {
  let dir: string;
  let cert: string;
  let key: string;
  let ca: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
    cert = join(dir, 'client.pem');
    key = join(dir, 'client.key');
    ca = join(dir, 'ca.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
      ].concat(['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=sedna-sync-test']),
      { stdio: 'ignore' },
    );
    writeFileSync(ca, readFileSync(cert));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to a plaintext local server and the default namespace', () => {
    expect(temporalConnectionOptions({})).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
    });
    expect(
      temporalConnectionOptions({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'prod' }),
    ).toEqual({ address: 'temporal:7233', namespace: 'prod' });
  });

  it('reads the mTLS pair, the CA and the server name once, as bytes', () => {
    const options = temporalConnectionOptions({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    });
    expect(options).toEqual({
      address: 'temporal.internal:7233',
      namespace: 'default',
      tls: {
        clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) },
        serverRootCACertificate: readFileSync(ca),
        serverNameOverride: 'frontend.temporal',
      },
    });
    expect(options.apiKey).toBeUndefined();
  });

  it('mTLS without a CA uses the system roots', () => {
    const options = temporalConnectionOptions({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key });
    expect(options.tls).toEqual({
      clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) },
    });
  });

  it('an API key implies TLS and needs the Cloud address and namespace', () => {
    const env = {
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'sedna.a1b2c',
      TEMPORAL_API_KEY: ' key-123 ',
    };
    expect(temporalConnectionOptions(env)).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      namespace: 'sedna.a1b2c',
      tls: true,
      apiKey: 'key-123',
    });
    expect(() => temporalConnectionOptions({ ...env, TEMPORAL_ADDRESS: undefined })).toThrow(
      'TEMPORAL_ADDRESS is required when TEMPORAL_API_KEY is set',
    );
    expect(() => temporalConnectionOptions({ ...env, TEMPORAL_NAMESPACE: '' })).toThrow(
      'TEMPORAL_NAMESPACE is required when TEMPORAL_API_KEY is set',
    );
  });

  it('an API key with a CA keeps the CA', () => {
    const options = temporalConnectionOptions({
      TEMPORAL_ADDRESS: 'x:7233',
      TEMPORAL_NAMESPACE: 'n.a',
      TEMPORAL_API_KEY: 'k',
      TEMPORAL_TLS_CA: ca,
    });
    expect(options.tls).toEqual({ serverRootCACertificate: readFileSync(ca) });
    expect(options.apiKey).toBe('k');
  });

  it('TEMPORAL_TLS=true alone: server TLS, no client certificate', () => {
    expect(temporalConnectionOptions({ TEMPORAL_TLS: 'true' }).tls).toBe(true);
    expect(temporalConnectionOptions({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_CA: ca }).tls).toEqual({
      serverRootCACertificate: readFileSync(ca),
    });
    expect(temporalConnectionOptions({ TEMPORAL_TLS: 'false' }).tls).toBeUndefined();
  });

  it.each([
    [{ TEMPORAL_TLS_CERT: 'cert' }, 'TEMPORAL_TLS_KEY is required when TEMPORAL_TLS_CERT is set'],
    [{ TEMPORAL_TLS_KEY: 'key' }, 'TEMPORAL_TLS_CERT is required when TEMPORAL_TLS_KEY is set'],
    [
      { TEMPORAL_TLS_CERT: 'cert', TEMPORAL_TLS_CA: 'ca' },
      'TEMPORAL_TLS_KEY is required when TEMPORAL_TLS_CERT is set',
    ],
    [
      { TEMPORAL_TLS_KEY: 'key', TEMPORAL_TLS_CA: 'ca' },
      'TEMPORAL_TLS_CERT is required when TEMPORAL_TLS_KEY is set',
    ],
    [
      { TEMPORAL_TLS_CA: 'ca' },
      'TEMPORAL_TLS_CA is set but TLS is not enabled: set TEMPORAL_TLS_CLIENT_CERT_PATH + TEMPORAL_TLS_CLIENT_KEY_PATH (mTLS), TEMPORAL_API_KEY (Temporal Cloud) or TEMPORAL_TLS=true',
    ],
    [
      { TEMPORAL_TLS_SERVER_NAME: 'frontend' },
      'TEMPORAL_TLS_SERVER_NAME is set but TLS is not enabled',
    ],
    [{ TEMPORAL_API_KEY: 'k' }, 'TEMPORAL_ADDRESS is required when TEMPORAL_API_KEY is set'],
    [
      { TEMPORAL_API_KEY: 'k', TEMPORAL_ADDRESS: 'x:7233' },
      'TEMPORAL_NAMESPACE is required when TEMPORAL_API_KEY is set',
    ],
    [{ TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS must be "true" or "false", got "yes"'],
    [
      { TEMPORAL_TLS: 'false', TEMPORAL_TLS_CERT: 'c', TEMPORAL_TLS_KEY: 'k' },
      'TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CERT',
    ],
  ])('refuses a half-set connection %j', (env, message) => {
    expect(() => temporalConnectionOptions(env)).toThrow(message);
  });

  it("reads Temporal's standard names, paths or inline data", () => {
    const fromPaths = temporalConnectionOptions({
      TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
    });
    const fromData = temporalConnectionOptions({
      TEMPORAL_TLS_CLIENT_CERT_DATA: readFileSync(cert, 'utf8'),
      TEMPORAL_TLS_CLIENT_KEY_DATA: readFileSync(key, 'utf8'),
      TEMPORAL_TLS_SERVER_CA_CERT_DATA: readFileSync(ca, 'utf8'),
    });
    const expected = {
      clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) },
      serverRootCACertificate: readFileSync(ca),
    };
    expect(fromPaths.tls).toEqual(expected);
    expect(fromData.tls).toEqual(expected);
    expect(() => temporalConnectionOptions({ TEMPORAL_TLS_CLIENT_CERT_PATH: cert })).toThrow(
      'TEMPORAL_TLS_CLIENT_KEY_PATH is required when TEMPORAL_TLS_CLIENT_CERT_PATH is set',
    );
    expect(deprecatedTemporalVariables({ TEMPORAL_TLS_CLIENT_CERT_PATH: cert })).toEqual([]);
  });

  it('keeps the old names as deprecated aliases, and refuses an alias that contradicts', () => {
    expect(
      deprecatedTemporalVariables({
        TEMPORAL_TLS_CERT: cert,
        TEMPORAL_TLS_KEY: key,
        TEMPORAL_TLS_CA: '',
      }),
    ).toEqual([
      { name: 'TEMPORAL_TLS_CERT', use: 'TEMPORAL_TLS_CLIENT_CERT_PATH' },
      { name: 'TEMPORAL_TLS_KEY', use: 'TEMPORAL_TLS_CLIENT_KEY_PATH' },
    ]);
    expect(() =>
      temporalConnectionOptions({
        TEMPORAL_TLS_CERT: cert,
        TEMPORAL_TLS_CLIENT_CERT_PATH: ca,
        TEMPORAL_TLS_KEY: key,
      }),
    ).toThrow('TEMPORAL_TLS_CERT (deprecated) and TEMPORAL_TLS_CLIENT_CERT_PATH are both set');
  });

  it('reads a TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE); variables override it', () => {
    const file = join(dir, 'temporal.toml');
    writeFileSync(
      file,
      [
        '[profile.default]',
        'address = "localhost:7233"',
        '[profile.prod]',
        'address = "prod.a1b2c.tmprl.cloud:7233"',
        'namespace = "prod.a1b2c"',
        'api_key = "from-file"',
        '[profile.prod.grpc_meta]',
        'x-team = "sedna"',
        '[profile.mtls]',
        'address = "temporal.internal:7233"',
        '[profile.mtls.tls]',
        `client_cert_path = "${cert}"`,
        `client_key_path = "${key}"`,
      ].join('\n'),
    );
    const env = { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' };
    expect(temporalConnectionOptions(env)).toEqual({
      address: 'prod.a1b2c.tmprl.cloud:7233',
      namespace: 'prod.a1b2c',
      apiKey: 'from-file',
      tls: true,
      metadata: { 'x-team': 'sedna' },
    });
    expect(temporalConnectionOptions({ ...env, TEMPORAL_API_KEY: 'from-env' }).apiKey).toBe(
      'from-env',
    );
    expect(temporalConnectionOptions({ ...env, TEMPORAL_PROFILE: 'mtls' }).tls).toEqual({
      clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) },
    });
    expect(temporalConnectionOptions({ TEMPORAL_CONFIG_FILE: file })).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
    });
    expect(() => temporalConnectionOptions({ ...env, TEMPORAL_PROFILE: 'nope' })).toThrow(
      "Profile 'nope' not found",
    );
  });

  it('treats blank values as unset', () => {
    expect(temporalConnectionOptions({ TEMPORAL_TLS_CERT: ' ', TEMPORAL_TLS_KEY: '' })).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
    });
  });

  it.each(['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA'])(
    'names %s and its path when the file cannot be read',
    (name) => {
      const missing = join(dir, 'missing.pem');
      const env = { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, [name]: missing };
      expect(() => temporalConnectionOptions(env)).toThrow(
        `${name}: cannot read ${missing} (ENOENT)`,
      );
    },
  );

  it('names the variable of an empty or unreadable file, never its content', () => {
    const empty = join(dir, 'empty.key');
    writeFileSync(empty, '');
    expect(() =>
      temporalConnectionOptions({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: empty }),
    ).toThrow(`TEMPORAL_TLS_KEY: ${empty} is empty`);
    expect(() =>
      temporalConnectionOptions({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: dir }),
    ).toThrow(`TEMPORAL_TLS_KEY: cannot read ${dir} (EISDIR)`);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.key');
      writeFileSync(locked, readFileSync(key));
      chmodSync(locked, 0o000);
      expect(() =>
        temporalConnectionOptions({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: locked }),
      ).toThrow(`TEMPORAL_TLS_KEY: cannot read ${locked} (EACCES)`);
    }
  });

  it('the client SDK builds secure credentials from the result', async () => {
    const base = { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'n.a' };
    const mtls = temporalConnectionOptions({
      ...base,
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    });
    const cloud = temporalConnectionOptions({ ...base, TEMPORAL_API_KEY: 'k' });
    const plain = temporalConnectionOptions(base);
    const secure = async (options: TemporalConnectionOptions) => {
      const connection = Connection.lazy(asClient(options));
      try {
        const credentials = connection.options.credentials as unknown as { _isSecure(): boolean };
        return { secure: credentials._isSecure(), channelArgs: connection.options.channelArgs };
      } finally {
        await connection.close();
      }
    };
    expect(await secure(mtls)).toEqual({
      secure: true,
      channelArgs: expect.objectContaining({
        'grpc.ssl_target_name_override': 'frontend.temporal',
      }),
    });
    expect((await secure(cloud)).secure).toBe(true);
    expect((await secure(plain)).secure).toBe(false);
    expect(asWorker(cloud)).toMatchObject({ apiKey: 'k', tls: true });
  });
});
