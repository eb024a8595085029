import 'reflect-metadata';
import { loadConfig } from './config/app-config';
import { startWorkerRuntime } from './worker/worker-runtime';

async function main() {
  const runtime = await startWorkerRuntime(loadConfig());
  // The SDK shuts the workers down on SIGINT/SIGTERM; `done` settles once they have drained.
  await runtime.done;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
