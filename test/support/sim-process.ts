import { join } from 'node:path';
import { freePort, waitFor } from '../../scripts/local-stack';
import { ManagedProcess, REPO_ROOT, spawnTs } from '../../scripts/managed-process';
import type { SednaSimOptions, SednaSimulator } from '../../sedna-sim/sedna-simulator';

/** A simulator in its own process; `process` can be stopped (SIGSTOP) and resumed (SIGCONT). */
export interface SimulatorProcess extends SednaSimulator {
  process: ManagedProcess;
}

/**
 * The simulator in a process of its own, as Sedna is: the times it records requests at are not
 * delayed by the test process's own event loop (jest, an in-process API), which matters to the
 * tests that check "never more than the limit in any second".
 */
export async function startSimulatorProcess(
  config: Pick<SednaSimOptions, 'rateLimitPerSecond' | 'hotelIdShift'> = {},
): Promise<SimulatorProcess> {
  const port = await freePort();
  const proc = spawnTs('sim', join(REPO_ROOT, 'sedna-sim', 'main.ts'), {
    env: { ...process.env, SEDNA_SIM_PORT: String(port) },
    onLine: () => undefined,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the simulator', async () => ((await fetch(`${url}/`)) ? true : undefined), {
    process: proc,
  });
  const res = await fetch(`${url}/__sim/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (!res.ok) throw new Error(`simulator config: ${res.status} ${await res.text()}`);
  return { url, port, close: () => proc.stop(), process: proc };
}
