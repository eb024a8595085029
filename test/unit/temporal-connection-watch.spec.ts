import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warnDeprecatedTemporalVariables, watchApiKey } from '../../src/temporal/connection-watch';
import { capturedLogger } from '../support/log-capture';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('API key rotation without a restart', () => {
  let dir: string;
  let file: string;
  const profile = (key: string) =>
    writeFileSync(
      file,
      `[profile.default]\naddress = "x.tmprl.cloud:7233"\nnamespace = "n.a"\napi_key = "${key}"\n`,
    );
  const { logger } = capturedLogger('test', 'error');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'api-key-'));
    file = join(dir, 'temporal.toml');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands a new key from the profile file to the connection on SIGHUP, once', async () => {
    profile('key-one');
    const applied: string[] = [];
    const stop = watchApiKey({
      initial: 'key-one',
      apply: (key) => applied.push(key),
      logger,
      intervalMs: 3_600_000,
      env: { TEMPORAL_CONFIG_FILE: file },
    });
    try {
      process.emit('SIGHUP');
      await new Promise((r) => setTimeout(r, 50));
      expect(applied).toEqual([]);
      profile('key-two');
      process.emit('SIGHUP');
      await until(() => applied.length > 0);
      process.emit('SIGHUP');
      await new Promise((r) => setTimeout(r, 50));
      expect(applied).toEqual(['key-two']);
    } finally {
      stop();
    }
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });

  it('reads again on its interval and keeps the old key when the file is broken', async () => {
    profile('key-one');
    const applied: string[] = [];
    const stop = watchApiKey({
      initial: 'key-one',
      apply: (key) => applied.push(key),
      logger,
      intervalMs: 20,
      env: { TEMPORAL_CONFIG_FILE: file },
    });
    try {
      writeFileSync(file, '[profile.default\napi_key = ');
      await new Promise((r) => setTimeout(r, 100));
      expect(applied).toEqual([]);
      profile('key-three');
      await until(() => applied.length > 0);
      expect(applied).toEqual(['key-three']);
    } finally {
      stop();
    }
  });

  it('does nothing without an API key', () => {
    const stop = watchApiKey({ apply: () => undefined, logger });
    expect(process.listenerCount('SIGHUP')).toBe(0);
    stop();
  });

  it('warns once per deprecated variable, naming the one to use', () => {
    const log = capturedLogger();
    warnDeprecatedTemporalVariables(log.logger, {
      TEMPORAL_TLS_CA: '/ca.pem',
      TEMPORAL_ADDRESS: 'x',
    });
    expect(log.lines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'TEMPORAL_TLS_CA is deprecated: set TEMPORAL_TLS_SERVER_CA_CERT_PATH instead',
        variable: 'TEMPORAL_TLS_CA',
        use: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
      }),
    ]);
  });
});
