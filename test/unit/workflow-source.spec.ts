import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowSource } from '../../src/worker/build-worker';

describe('the worker’s workflow code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-source-'));
  const bundle = join(dir, 'workflow-bundle.js');
  const missing = join(dir, 'missing.js');
  writeFileSync(bundle, '// a prebuilt bundle');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the prebuilt bundle where there is one, in production or not', () => {
    for (const NODE_ENV of ['production', 'development']) {
      expect(workflowSource({ NODE_ENV, WORKFLOW_BUNDLE_PATH: bundle })).toEqual({
        workflowBundle: { codePath: bundle },
      });
    }
  });

  it('is bundled at start outside production when there is none', () => {
    expect(workflowSource({ NODE_ENV: 'test', WORKFLOW_BUNDLE_PATH: missing })).toEqual({
      workflowsPath: require.resolve('../../workflows'),
    });
  });

  it('stops a production worker that has no prebuilt bundle, naming the file', () => {
    expect(() => workflowSource({ NODE_ENV: 'production', WORKFLOW_BUNDLE_PATH: missing })).toThrow(
      `No prebuilt workflow bundle at ${missing} (NODE_ENV=production)`,
    );
  });
});
