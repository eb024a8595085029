/**
 * The skeleton's worker in a process of its own, started with the real worker's memory settings
 * (WORKER_ALLOCATOR_ENV, which V8 reads at start, and the heap growth limit): what the ceiling is
 * compared with differs from it by the activities' work alone. Arguments: Temporal's address,
 * the items, the shape as JSON; prints `{"itemsPerSecond": n, "cpuSeconds": n}` (this process's
CPU, user and system) as its last line.
 */
import { limitWorkerHeapGrowth } from '../../src/worker/v8-heap';
import { skeletonItemsPerSecond } from './run';

limitWorkerHeapGrowth();
const [address, items, shape] = process.argv.slice(2);
skeletonItemsPerSecond(address, Number(items), JSON.parse(shape)).then(
  (itemsPerSecond) => {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ itemsPerSecond, cpuSeconds: (user + system) / 1e6 }));
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
