import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { defaultBuildId } from '../../src/worker/deployment-version';

describe('worker versioning configuration', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.DATABASE_URL = 'postgres://u:p@127.0.0.1:5432/db';
    process.env.JWT_SECRET = 'jwt-secret';
    for (const name of [
      'TEMPORAL_DEPLOYMENT_NAME',
      'TEMPORAL_WORKER_BUILD_ID',
      'WORKER_SET_CURRENT',
      'WORKER_SHUTDOWN_GRACE_MS',
    ])
      delete process.env[name];
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('is off without a deployment name, with a 45 s shutdown grace', () => {
    expect(loadConfig()).toMatchObject({
      workerVersioning: undefined,
      workerShutdownGraceMs: 45_000,
    });
  });

  it('reads the deployment, the build id and when to become current', () => {
    Object.assign(process.env, {
      TEMPORAL_DEPLOYMENT_NAME: 'sedna-sync',
      TEMPORAL_WORKER_BUILD_ID: '2026.12.04-abc',
      WORKER_SET_CURRENT: 'never',
      WORKER_SHUTDOWN_GRACE_MS: '20000',
    });
    expect(loadConfig()).toMatchObject({
      workerVersioning: {
        deploymentName: 'sedna-sync',
        buildId: '2026.12.04-abc',
        setCurrent: 'never',
      },
      workerShutdownGraceMs: 20_000,
    });
    process.env.TEMPORAL_WORKER_BUILD_ID = '';
    expect(loadConfig().workerVersioning).toEqual({
      deploymentName: 'sedna-sync',
      buildId: undefined,
      setCurrent: 'never',
    });
  });

  it('names the variable that is wrong', () => {
    process.env.TEMPORAL_DEPLOYMENT_NAME = 'sedna-sync';
    process.env.WORKER_SET_CURRENT = 'sometimes';
    expect(() => loadConfig()).toThrow(/WORKER_SET_CURRENT must be one of if-none, always, never/);
    process.env.WORKER_SET_CURRENT = 'always';
    process.env.TEMPORAL_DEPLOYMENT_NAME = 'sedna.sync';
    expect(() => loadConfig()).toThrow(/TEMPORAL_DEPLOYMENT_NAME cannot contain/);
    delete process.env.TEMPORAL_DEPLOYMENT_NAME;
    delete process.env.WORKER_SET_CURRENT;
    process.env.TEMPORAL_WORKER_BUILD_ID = 'x';
    expect(() => loadConfig()).toThrow(/TEMPORAL_DEPLOYMENT_NAME is not/);
  });
});

describe('defaultBuildId', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'build-id-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the package version and the hash of the workflow bundle: same code, same id', async () => {
    const write = (name: string, code: string) => {
      writeFileSync(join(dir, name), code);
      return { workflowBundle: { codePath: join(dir, name) } };
    };
    const one = await defaultBuildId(write('a.js', 'exports.x = 1;'));
    const same = await defaultBuildId(write('b.js', 'exports.x = 1;'));
    const other = await defaultBuildId(write('c.js', 'exports.x = 2;'));
    expect(one.buildId).toMatch(/^\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    expect(same.buildId).toBe(one.buildId);
    expect(other.buildId).not.toBe(one.buildId);
    expect(await defaultBuildId({ workflowBundle: { code: 'exports.x = 1;' } })).toMatchObject({
      buildId: one.buildId,
    });
  });
});
