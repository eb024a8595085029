/**
 * limitWorkerHeapGrowth bounds how far V8 lets an old generation grow past what a full collection
 * kept: the same work, in a child process started as the worker is (its NODE_OPTIONS), peaks at a
 * clearly smaller heap with it, in the main thread and in a worker thread started after it (the
 * SDK's workflow thread).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { WORKER_ALLOCATOR_ENV } from '../../src/worker/allocator-env';

const ROOT = join(__dirname, '../..');

/**
 * Keeps ~40 MB and churns objects that live long enough to be promoted (a ring of 3,000 arrays of
 * 1,024); returns the peak heapTotal in MB.
 */
const CHURN = `() => {
  const kept = [];
  for (let i = 0; i < 600; i++) kept.push(new Array(8 * 1024).fill(i));
  const ring = new Array(3000);
  let peak = 0;
  for (let round = 0; round < 40000; round++) {
    ring[round % ring.length] = new Array(1024).fill(round);
    if (round % 200 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
  }
  return kept.length === 600 ? Math.round(peak / 2 ** 20) : -1;
}`;

const CHILD = `
  if (process.env.LIMIT === '1') require('./src/worker/v8-heap').limitWorkerHeapGrowth();
  const { Worker } = require('node:worker_threads');
  const main = (${CHURN})();
  new Worker('require("node:worker_threads").parentPort.postMessage((' + ${JSON.stringify(CHURN)} + ')())', { eval: true })
    .on('message', (thread) => console.log(JSON.stringify({ main, thread })));
`;

function peakHeapMb(limit: boolean): { main: number; thread: number } {
  const child = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: WORKER_ALLOCATOR_ENV.NODE_OPTIONS,
      LIMIT: limit ? '1' : '0',
    },
    encoding: 'utf8',
  });
  return JSON.parse(child.stdout) as { main: number; thread: number };
}

describe('limitWorkerHeapGrowth', () => {
  it('keeps both heaps well below where V8 would let them grow', () => {
    const limited = peakHeapMb(true);
    const unlimited = peakHeapMb(false);
    // Measured on Node 24 with the worker's young generation: about 160 MB against 270–345 MB.
    expect(limited.main).toBeGreaterThan(0);
    expect(limited.main).toBeLessThan(unlimited.main * 0.8);
    expect(limited.thread).toBeGreaterThan(0);
    expect(limited.thread).toBeLessThan(unlimited.thread * 0.8);
  }, 60_000);
});
