/** The worker's Prometheus endpoint serves its counters and the process's memory. */
import type { AddressInfo } from 'node:net';
import { WorkerMetrics } from '../../src/worker/worker-metrics';

function value(body: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(body);
  return match ? Number(match[1]) : NaN;
}

describe('WorkerMetrics', () => {
  it('serves the process memory beside the Sedna counters', async () => {
    const metrics = new WorkerMetrics();
    metrics.sednaRequests.inc({ call: 'AgencyLogin', outcome: '200' });
    const server = metrics.serve(0);
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(value(body, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
      expect(value(body, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(value(body, 'nodejs_external_memory_bytes')).toBeGreaterThan(0);
      expect(body).toContain('sedna_requests_total{call="AgencyLogin",outcome="200"} 1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps each instance on its own registry', async () => {
    const a = new WorkerMetrics();
    const b = new WorkerMetrics();
    a.itemsFinished.inc({ type: 'stop_sale', status: 'success' });
    expect(await b.registry.metrics()).not.toContain('sedna_sync_items_finished_total{');
    expect(await a.registry.metrics()).toContain('process_resident_memory_bytes');
  });
});
