import 'reflect-metadata';
import { startTracing } from './telemetry/tracing';
import { createLogger } from './common/logger';
import { loadConfig } from './config/app-config';
import { allocatorEnvMismatches } from './worker/allocator-env';
import { startWorkerRuntime } from './worker/build-worker';
import { limitWorkerHeapGrowth } from './worker/v8-heap';

async function main() {
  limitWorkerHeapGrowth();
  startTracing('worker');
  const config = loadConfig();
  const untuned = allocatorEnvMismatches(process.env);
  if (untuned.length) {
    createLogger('worker', config.logLevel).warn(
      { variables: untuned },
      'memory settings differ from src/worker/allocator-env.ts: a burst leaves the worker far larger',
    );
  }
  const runtime = await startWorkerRuntime(config);
  // The SDK shuts the workers down on SIGINT/SIGTERM; `done` settles once they have drained.
  await runtime.done;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
