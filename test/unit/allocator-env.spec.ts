/**
 * The worker's memory settings (src/worker/allocator-env.ts: glibc malloc, V8's young generation)
 * are set where a worker process starts (the image and the local stack), and the V8 one holds.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allocatorEnvMismatches,
  WORKER_ALLOCATOR_ENV,
  WORKER_SEMI_SPACE_MB,
} from '../../src/worker/allocator-env';

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
    const nodeOptions = WORKER_ALLOCATOR_ENV.NODE_OPTIONS;
    expect(
      allocatorEnvMismatches({
        ...WORKER_ALLOCATOR_ENV,
        NODE_OPTIONS: `--enable-source-maps ${nodeOptions}`,
      }),
    ).toEqual([]);
    expect(
      allocatorEnvMismatches({ ...WORKER_ALLOCATOR_ENV, NODE_OPTIONS: '--max-semi-space-size=64' }),
    ).toEqual(['NODE_OPTIONS']);
  });
});

/**
 * A burst of allocations that keeps a ring of recent objects alive (each survives a few
 * collections, as a burst's work does); returns the largest young generation (V8's new space,
 * both semi-spaces) it saw, in MB.
 */
const BURST = `() => {
  const { getHeapSpaceStatistics } = require('node:v8');
  const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
  const ring = new Array(20000);
  let peak = 0;
  for (let i = 0; i < 600000; i++) {
    ring[i % ring.length] = { i, payload: new Array(16).fill(i), tag: 'x' + i };
    if (i % 1000 === 0) peak = Math.max(peak, newSpace());
  }
  return Math.round(peak / 2 ** 20);
}`;

/** The burst in a child process's main thread, then in a worker thread (the SDK's workflow thread). */
const CHILD = `
  const { Worker } = require('node:worker_threads');
  const main = (${BURST})();
  new Worker('require("node:worker_threads").parentPort.postMessage((' + ${JSON.stringify(BURST)} + ')())', { eval: true })
    .on('message', (thread) => console.log(JSON.stringify({ main, thread })));
`;

function youngGenerationPeaksMb(nodeOptions: string): { main: number; thread: number } {
  const child = spawnSync(process.execPath, ['-e', CHILD], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { main: number; thread: number };
}

describe("the worker's NODE_OPTIONS", () => {
  it('bound the young generation of both the main and the workflow thread', () => {
    // Both semi-spaces, plus a page or two V8 counts in new space beside them (17 MB was seen
    // with 8 MB semi-spaces on CI's machine).
    const bound = 2 * WORKER_SEMI_SPACE_MB * 1.25;
    const set = youngGenerationPeaksMb(WORKER_ALLOCATOR_ENV.NODE_OPTIONS);
    expect(set.main).toBeLessThanOrEqual(bound);
    expect(set.thread).toBeLessThanOrEqual(bound);
    // Without them, Node 24's V8 lets the same burst grow both past it (64 MB here, 128 MB in
    // the 1,000-tenant bench): the setting is what holds them.
    const unset = youngGenerationPeaksMb('');
    expect(unset.main).toBeGreaterThan(bound);
    expect(unset.thread).toBeGreaterThan(bound);
  }, 60_000);
});
