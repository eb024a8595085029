/**
 * Memory settings for the worker process: glibc malloc's and V8's young generation. They are read
 * when the process starts, so they are set by whatever starts it: the image (Dockerfile `ENV`,
 * checked against this by test/unit/allocator-env.spec.ts) and the local stack
 * (scripts/app-stack.ts).
 *
 * Why (1,000 tenants syncing at once, bench/many-tenants.ts):
 *
 * - `MALLOC_*`: the burst's native allocations (the SDK's core, Node, V8 outside its heaps: which
 *   of them was not traced) are short-lived, but with glibc's defaults the freed memory stays in
 *   the process. After one burst, malloc held 269 MB of which 237 MB were free (malloc_info);
 *   `malloc_trim(0)` gave 163 MB of RSS back. The defaults that keep it: one arena per thread up
 *   to 8 × cores (each keeps its own free memory), and a mmap threshold that rises to the largest
 *   block freed (up to 32 MB), with a trim threshold of twice that, so large blocks come from and
 *   stay in the arenas. Fixed thresholds (glibc's initial 128 KiB) and two arenas keep what a
 *   burst freed from staying resident.
 * - `NODE_OPTIONS=--max-semi-space-size`: the worker has two V8 heaps, the main thread's
 *   (activities, the SDK's bridge) and the SDK's workflow thread's (every cached workflow, about
 *   90 KB each). Node 24's V8 lets each young generation grow to 64 MB per semi-space, and a
 *   burst makes it grow: the main thread's new space reached 128 MB, both heaps
 *   290–310 MB with 90 and 80 MB live (heap snapshots), worker RSS 942–1,005 MB. Semi-spaces of
 *   16 MB gave a peak of 630 MB, of 8 MB 592 MB; the old generation's growth is bounded beside it
 *   (src/worker/v8-heap.ts).
 */
export const WORKER_SEMI_SPACE_MB = 8;

export const WORKER_ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
  NODE_OPTIONS: `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`,
};

/**
 * The settings of WORKER_ALLOCATOR_ENV that `env` lacks or sets otherwise (their names);
 * `NODE_OPTIONS` may hold other options beside the worker's.
 */
export function allocatorEnvMismatches(env: NodeJS.ProcessEnv): string[] {
  const holds = (name: string, value: string) =>
    name === 'NODE_OPTIONS' ? (env[name] ?? '').split(/\s+/).includes(value) : env[name] === value;
  return Object.entries(WORKER_ALLOCATOR_ENV)
    .filter(([name, value]) => !holds(name, value))
    .map(([name]) => name);
}
