import { rmSync } from 'node:fs';
import { CLUSTER_INFRA_KEY, ClusterInfra } from './cluster-setup';

/** Stops what cluster-setup started; KEEP_TEST_INFRA=1 keeps the logs folder. */
export default async function clusterTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>)[CLUSTER_INFRA_KEY] as
    ClusterInfra | undefined;
  if (!infra) return;
  const started = Date.now();
  // Temporal first: it holds connections to the PostgreSQL it runs on.
  await infra.temporal?.stop().catch((err: unknown) => console.error('Temporal stop:', err));
  await infra.postgres.stop().catch((err: unknown) => console.error('PostgreSQL stop:', err));
  console.log(`[cluster infra] stopped in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (!process.env.KEEP_TEST_INFRA) rmSync(infra.dir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[CLUSTER_INFRA_KEY];
}
