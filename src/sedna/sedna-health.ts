import type { SednaHealthRepository } from './sedna-health.repository';

/** A process writes "Sedna answered" for a tenant at most this often (failures: every time). */
const OK_WRITE_INTERVAL_MS = 2000;

/**
 * Whether each tenant's Sedna answers, as the Sedna activities see it: the tenant's
 * `sedna_health` row (SednaHealthRepository) is written on a failed call (unreachable since the
 * first failure of the outage) and on an answer (the outage is over). Answers are written
 * sparingly: a no-op in SQL unless the row says unreachable or its last answer is 10 s old, and
 * at most every 2 s per process.
 */
export class SednaHealthRecorder {
  private readonly okWrittenAt = new Map<string, number>();

  constructor(private readonly repo: SednaHealthRepository) {}

  async unreachable(tenantId: string, error: string): Promise<void> {
    this.okWrittenAt.delete(tenantId);
    await this.repo.markUnreachable(tenantId, error);
  }

  async answered(tenantId: string): Promise<void> {
    const last = this.okWrittenAt.get(tenantId);
    if (last !== undefined && Date.now() - last < OK_WRITE_INTERVAL_MS) return;
    this.okWrittenAt.set(tenantId, Date.now());
    await this.repo.markAnswered(tenantId);
  }
}
