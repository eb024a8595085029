import { rmSync } from 'node:fs';
import { INFRA_KEY, SharedInfra } from './global-setup';

/** Stops what global-setup started; KEEP_TEST_INFRA=1 keeps the logs folder. */
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>)[INFRA_KEY] as SharedInfra | undefined;
  if (!infra) return;
  const started = Date.now();
  await Promise.allSettled([infra.temporal.stop(), infra.postgres.stop()]);
  console.log(`[integration infra] stopped in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (!process.env.KEEP_TEST_INFRA) rmSync(infra.dir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[INFRA_KEY];
}
