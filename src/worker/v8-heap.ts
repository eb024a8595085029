import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow past what the last full collection kept, in percent, in every
 * isolate of the worker process (the main thread and the SDK's workflow thread).
 *
 * V8's own factor goes up to 4× when collections are cheap: in a burst of 1,000 tenants the main
 * thread's heap reached 281 MB (112 MB live, heap snapshot) and 340 MB after it (96 MB live), and
 * the space stays with the process. At 50 % the same burst peaked at about 200 MB.
 */
export const WORKER_HEAP_GROWING_PERCENT = 50;

/** Sets the growth for the whole process; call before the workers start (a V8 flag). */
export function limitWorkerHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`);
}
