import type { DataSource } from 'typeorm';

/**
 * Share of a tenant's Sedna limit that we use. The task-queue limit bounds dispatch but lets
 * bursts through; pacing at slightly under the limit leaves room for network jitter.
 */
export const PACING_SHARE = 0.92;

export function pacedRate(limitPerSecond: number): number {
  return limitPerSecond * PACING_SHARE;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spaces a tenant's Sedna requests evenly across every worker process: each request reserves
 * the next slot in PostgreSQL (one atomic statement, on the database's clock) and waits for it.
 */
export class RequestPacer {
  constructor(private readonly dataSource: DataSource) {}

  async waitForSlot(tenantId: string, limitPerSecond: number): Promise<void> {
    const intervalMs = 1000 / pacedRate(limitPerSecond);
    const [row]: { wait_ms: string }[] = await this.dataSource.query(
      `INSERT INTO sedna_request_slots AS s (tenant_id, next_slot_at)
       VALUES ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (tenant_id) DO UPDATE
         SET next_slot_at = GREATEST(s.next_slot_at, clock_timestamp()) + make_interval(secs => $2 / 1000.0)
       RETURNING EXTRACT(EPOCH FROM (s.next_slot_at - clock_timestamp())) * 1000 - $2 AS wait_ms`,
      [tenantId, intervalMs],
    );
    const waitMs = Number(row.wait_ms);
    if (waitMs > 0) await sleep(waitMs);
  }
}
