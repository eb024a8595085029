import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { RealTemporalServer } from '../../scripts/temporal-server';
import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import type { RunningApi } from '../support/api';
import { OwnServerStack, startOwnServerStack, stopOwnServerStack } from '../support/cluster-stack';
import { expectEachCreatedOnce } from '../support/effects';
import {
  createTenant,
  importEmails,
  reservationEmails,
  startSync,
  stopSaleEmails,
  waitForRun,
} from '../support/sync-fixtures';

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
  const stack: OwnServerStack = { dir: mkdtempSync(join(tmpdir(), 'sedna-cluster-tls-')) };
  let certs: ReturnType<typeof makeCertificates>;
  let sim: SednaSimulator;
  let temporal: RealTemporalServer;
  let api: RunningApi;

  beforeAll(async () => {
    certs = makeCertificates(stack.dir);
    // A server of its own (TLS on); the API and the worker connect with the client certificate.
    ({ sim, temporal, api } = await startOwnServerStack(stack, {
      sim: { rateLimitPerSecond: 100 },
      databasePrefix: 'tls_',
      workerName: 'worker-tls',
      tls: { ...certs, requireClientAuth: true },
      // Temporal's standard names (@temporalio/envconfig); the deprecated ones are unit-tested.
      env: {
        TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCertFile,
        TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKeyFile,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caFile,
      },
    }));
  });

  afterAll(() => stopOwnServerStack(stack));

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
