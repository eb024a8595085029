/**
 * The worker's glibc malloc settings (src/worker/allocator-env.ts) are set where a worker process
 * starts: the image and the local stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocatorEnvMismatches, WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';

const ROOT = join(__dirname, '../..');

/** `ENV` settings of the Dockerfile's runtime stage (continuation lines joined). */
function runtimeStageEnv(): Record<string, string> {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const stage = text.slice(text.indexOf('AS runtime'));
  const env: Record<string, string> = {};
  for (const line of stage.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const [, name, value] of line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g))
      env[name] = value;
  }
  return env;
}

describe('worker allocator settings', () => {
  it('are set in the image the worker runs from', () => {
    expect(allocatorEnvMismatches(runtimeStageEnv())).toEqual([]);
  });

  it('name what an environment lacks or sets otherwise', () => {
    expect(allocatorEnvMismatches({ ...WORKER_ALLOCATOR_ENV })).toEqual([]);
    expect(
      allocatorEnvMismatches({ ...WORKER_ALLOCATOR_ENV, MALLOC_ARENA_MAX: '8' }).sort(),
    ).toEqual(['MALLOC_ARENA_MAX']);
    expect(allocatorEnvMismatches({}).sort()).toEqual(Object.keys(WORKER_ALLOCATOR_ENV).sort());
  });
});
