import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets an old generation grow past what the last full collection kept, in percent, in
 * every isolate of the worker process (the main thread and the SDK's workflow thread).
 *
 * V8's own factor goes up to 4× when collections are cheap. In a burst of 1,000 tenants, with the
 * young generation bounded (src/worker/allocator-env.ts), the main thread's heap still climbed from
 * about 90 MB live to 200 MB between full collections (worker RSS peak 592–630 MB). Not allowed in
 * NODE_OPTIONS, so the worker sets it at start; V8 reads it at each full collection, so it holds
 * for the workflow thread started later too.
 */
export const WORKER_HEAP_GROWING_PERCENT = 50;

/** Sets the growth for the whole process; call before the workers start (a V8 flag). */
export function limitWorkerHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`);
}
