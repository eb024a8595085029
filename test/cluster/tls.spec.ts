import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { ManagedProcess } from '../../scripts/managed-process';
import { FrontendTls, RealTemporalServer, startRealTemporal } from '../../scripts/temporal-server';
import { startSednaSimulator, SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { RunningApi, startApi } from '../support/api';
import { expectEachCreatedOnce } from '../support/effects';
import {
  createTenant,
  importEmails,
  reservationEmails,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';
import { spawnWorkerProcess } from '../support/worker';

/** A CA, a server certificate for 127.0.0.1 and localhost, and a client certificate (P-256). */
function makeCertificates(dir: string) {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req', '-x509', ...newKey, '-keyout', file('ca.key'), '-out', file('ca.pem'),
    '-days', '2', '-subj', '/CN=sedna test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ); // prettier-ignore
  const issue = (name: string, subject: string, extensions: string) => {
    openssl('req', '-new', ...newKey, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject); // prettier-ignore
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(
      'x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-days', '2', '-out', file(`${name}.pem`), '-extfile', file(`${name}.ext`),
    ); // prettier-ignore
  };
  issue(
    'server',
    '/CN=localhost',
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ].join('\n'),
  );
  issue(
    'client',
    '/CN=sedna-worker',
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=clientAuth',
    ].join('\n'),
  );
  return {
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client.key'),
  };
}

describe('the real Temporal server with mTLS on its frontend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sedna-cluster-tls-'));
  let certs: ReturnType<typeof makeCertificates>;
  let sim: SednaSimulator;
  let temporal: RealTemporalServer;
  let api: RunningApi;
  let worker: ManagedProcess | undefined;

  beforeAll(async () => {
    certs = makeCertificates(dir);
    const tls: FrontendTls = { ...certs, requireClientAuth: true };
    sim = await startSednaSimulator({ rateLimitPerSecond: 100 });
    // A server of its own (TLS on) on the harness's PostgreSQL.
    temporal = await startRealTemporal({
      dir,
      postgresUrl: process.env.DATABASE_URL,
      databasePrefix: 'tls_',
      tls,
      logFile: join(dir, 'temporal.log'),
    });
    // This test file's environment only (Jest gives each file a copy): API and worker read it.
    Object.assign(process.env, {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TLS_CERT: certs.clientCertFile,
      TEMPORAL_TLS_KEY: certs.clientKeyFile,
      TEMPORAL_TLS_CA: certs.caFile,
    });
    api = await startApi();
    worker = await spawnWorkerProcess('worker-tls');
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await temporal?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a sync with the API and the worker connected by client certificate', async () => {
    const tenant = await createTenant(api.url, sim);
    const ids = await importEmails(api.url, tenant, [
      ...stopSaleEmails('tls', 3),
      ...reservationEmails('tls', 2),
    ]);
    const run = await waitForRun(await startSync(api.url, tenant, ids));
    expect(run).toMatchObject({ status: 'completed', successful_count: 5, failed_count: 0 });
    const { orphanHeaders } = await expectEachCreatedOnce(sim, tenant);
    expect(orphanHeaders).toBe(0);
  });

  it('refuses a client without a certificate, and one without TLS', async () => {
    const ca = readFileSync(certs.caFile);
    const connectTimeout = 5_000;
    await expect(
      Connection.connect({
        address: temporal.address,
        tls: { serverRootCACertificate: ca },
        connectTimeout,
      }),
    ).rejects.toThrow();
    await expect(
      Connection.connect({ address: temporal.address, connectTimeout }),
    ).rejects.toThrow();
    // The same connection with the client certificate is let in: the certificate made the difference.
    const withCert = await Connection.connect({
      address: temporal.address,
      tls: {
        serverRootCACertificate: ca,
        clientCertPair: {
          crt: readFileSync(certs.clientCertFile),
          key: readFileSync(certs.clientKeyFile),
        },
      },
      connectTimeout,
    });
    try {
      const info = await withCert.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBe('1.32.2');
    } finally {
      await withCert.close();
    }
  });
});
