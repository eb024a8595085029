/**
 * glibc malloc settings for the worker process. They are read when the process starts, so they are
 * set by whatever starts it: the image (Dockerfile `ENV`, checked against this by
 * test/unit/allocator-env.spec.ts) and the local stack (scripts/app-stack.ts).
 *
 * Why (1,000 tenants syncing at once, bench/many-tenants.ts): the burst's native allocations (the
 * SDK's core, Node, V8 outside its heaps: which of them was not traced) are short-lived, but with
 * glibc's defaults the freed memory stays in the process. After one burst, malloc held 269 MB of
 * which 237 MB were free (malloc_info); `malloc_trim(0)` gave 163 MB of RSS back. The defaults that
 * keep it: one arena per thread up to 8 × cores (each keeps its own free memory), and a mmap
 * threshold that rises to the largest block freed (up to 32 MB), with a trim threshold of twice
 * that, so large blocks come from and stay in the arenas. Fixed thresholds (glibc's initial 128
 * KiB) and two arenas keep what a burst freed from staying resident.
 */
export const WORKER_ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** The settings of WORKER_ALLOCATOR_ENV that `env` lacks or sets otherwise (their names). */
export function allocatorEnvMismatches(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(WORKER_ALLOCATOR_ENV)
    .filter(([name, value]) => env[name] !== value)
    .map(([name]) => name);
}
