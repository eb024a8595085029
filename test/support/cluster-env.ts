/**
 * A setupFile of the `cluster` project: its tests run against the infrastructure of
 * cluster-setup.ts, which hands it over as CLUSTER_<NAME> (see there why); here it becomes
 * <NAME> in this test file's environment (and the processes it spawns).
 */
export const CLUSTER_ENV_PREFIX = 'CLUSTER_';

for (const [name, value] of Object.entries(process.env)) {
  if (name.startsWith(CLUSTER_ENV_PREFIX) && value !== undefined)
    process.env[name.slice(CLUSTER_ENV_PREFIX.length)] = value;
}
