// First: tracing must be set up before anything loads http (src/telemetry/tracing.ts).
import './telemetry/start-worker-tracing';
import 'reflect-metadata';
import { createLogger } from './common/logger';
import { loadConfig } from './config/app-config';
import { allocatorEnvMismatches } from './worker/allocator-env';
import { stopTracing } from './telemetry/tracing';
import { startWorkerRuntime } from './worker/build-worker';
import { limitWorkerHeapGrowth } from './worker/v8-heap';

async function main() {
  limitWorkerHeapGrowth();
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
  // The spans of the last activities, still in the batch.
  await stopTracing();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
