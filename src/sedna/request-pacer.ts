import type { DataSource } from 'typeorm';

/** Sedna counts a tenant's requests in a sliding second. */
const WINDOW_MS = 1000;

/**
 * The latest a request is taken to reach Sedna after its claim (on the database clock), while
 * no answer has come back: a tenant's requests never put more than its limit in any second, as
 * long as each arrives within this of its claim. Measured from claim to the simulator's arrival
 * on a loaded 2-core machine: mostly 1–25 ms, outliers up to 80 ms.
 *
 * An answer proves arrival: once it is back, the request's bound becomes the moment it came back
 * (`answered`), so the margin costs budget only while requests are in flight. With answers in
 * tens of milliseconds a tenant gets about WINDOW_MS / (WINDOW_MS + round trip) of its limit;
 * with answers slower than the margin, WINDOW_MS / (WINDOW_MS + ARRIVAL_MARGIN_MS) ≈ 0.91.
 */
export const ARRIVAL_MARGIN_MS = 100;

/** A claim whose round trip took longer leaves too little of the margin: it is made again. */
const MAX_CLAIM_ROUND_TRIP_MS = ARRIVAL_MARGIN_MS / 2;
const MAX_STALE_CLAIMS = 3;

/** Called once Sedna's answer (any HTTP status) to a claimed request is back. */
export type Answered = () => void;

function wholeLimit(limitPerSecond: number): number {
  return Math.max(1, Math.floor(limitPerSecond));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Holds each tenant's Sedna request rate across every worker process, exactly, through one
 * PostgreSQL row per tenant (on the database's clock). Two steps per request:
 *
 * 1. `waitForTurn`: reserve the next evenly spaced slot (one atomic statement) and sleep until
 *    it, so that waiting requests queue in order instead of racing;
 * 2. `claim`, right before the request leaves: it may go only if fewer than `limit` of the
 *    tenant's requests can have reached Sedna within the last second (each recent request keeps
 *    the latest moment it can have arrived: its claim plus ARRIVAL_MARGIN_MS, or the moment its
 *    answer came back). A request that woke late (a busy CPU, a slow database write before it)
 *    therefore never crowds the next second: it only waits.
 *
 * Nothing here depends on Temporal's task-queue rate limits, which are split across a queue's
 * partitions.
 */
export class RequestPacer {
  constructor(private readonly dataSource: DataSource) {}

  /** Step 1: waits for this request's turn in the tenant's queue (`signal` ends the wait). */
  async waitForTurn(tenantId: string, limitPerSecond: number, signal?: AbortSignal): Promise<void> {
    const untilSlot = await this.reserve(tenantId, WINDOW_MS / wholeLimit(limitPerSecond));
    if (untilSlot > 0) await sleep(untilSlot, signal);
  }

  /**
   * Step 2, right before the request leaves: returns once it may be sent, with the function to
   * call when Sedna's answer is back.
   */
  async claim(tenantId: string, limitPerSecond: number, signal?: AbortSignal): Promise<Answered> {
    for (let stale = 0; ;) {
      const asked = performance.now();
      const { waitMs, bound } = await this.tryClaim(tenantId, wholeLimit(limitPerSecond));
      if (waitMs > 0) {
        await sleep(waitMs, signal);
        continue;
      }
      // The claim's time was taken somewhere in this round trip: when the process stalled
      // (a busy CPU, a long GC pause), the request would leave long after its recorded time and
      // could crowd the next second. Claim again, a few times at most so that a slow database
      // cannot starve the tenant.
      if (performance.now() - asked <= MAX_CLAIM_ROUND_TRIP_MS || ++stale > MAX_STALE_CLAIMS)
        return () => this.answered(tenantId, bound);
      // Nothing was sent under the stale claim: it gives its place back.
      await this.release(tenantId, bound);
    }
  }

  /** Milliseconds until this request's slot. */
  private async reserve(tenantId: string, intervalMs: number): Promise<number> {
    const [row]: { wait_ms: string }[] = await this.dataSource.query(
      `INSERT INTO sedna_request_slots AS s (tenant_id, next_slot_at)
       VALUES ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (tenant_id) DO UPDATE
         SET next_slot_at = GREATEST(s.next_slot_at, clock_timestamp()) + make_interval(secs => $2 / 1000.0)
       RETURNING EXTRACT(EPOCH FROM (s.next_slot_at - clock_timestamp())) * 1000 - $2 AS wait_ms`,
      [tenantId, intervalMs],
    );
    return Number(row.wait_ms);
  }

  /**
   * Claimed (`waitMs` 0, with the arrival bound recorded, as text so that no microsecond is
   * lost), or how long to wait first.
   */
  private async tryClaim(
    tenantId: string,
    limit: number,
  ): Promise<{ waitMs: number; bound: string | null }> {
    const [row]: { wait_ms: string; bound: string | null }[] = await this.dataSource.query(
      `WITH cur AS (
         SELECT latest_arrivals FROM sedna_request_slots WHERE tenant_id = $1 FOR UPDATE
       ), locked AS (
         -- The time is read once the row is locked: read beside the lock, it could be as old as
         -- the wait for it, and a claim would be judged (and recorded) at a past moment.
         SELECT latest_arrivals, clock_timestamp() AS now FROM cur
       ), live AS (
         -- Requests that can still be inside the second before now, latest first.
         SELECT now,
                ARRAY(SELECT a FROM unnest(latest_arrivals) a
                       WHERE a > now - make_interval(secs => $3 / 1000.0) ORDER BY a DESC) AS arrivals
           FROM locked
       ), decided AS (
         SELECT now, arrivals, cardinality(arrivals) < $2 AS ok,
                now + make_interval(secs => $4 / 1000.0) AS bound
           FROM live
       ), claimed AS (
         UPDATE sedna_request_slots s
            SET latest_arrivals = d.arrivals || d.bound
           FROM decided d
          WHERE s.tenant_id = $1 AND d.ok
         RETURNING 1
       )
       SELECT CASE WHEN ok THEN 0
                   -- Until the limit-th latest has left the second.
                   ELSE EXTRACT(EPOCH FROM (arrivals[$2] + make_interval(secs => $3 / 1000.0) - now)) * 1000
              END AS wait_ms,
              CASE WHEN ok THEN bound::text END AS bound
         FROM decided`,
      [tenantId, limit, WINDOW_MS, ARRIVAL_MARGIN_MS],
    );
    // No row yet (a claim without a turn): nothing to hold the request back.
    if (!row) return { waitMs: 0, bound: null };
    return { waitMs: Number(row.wait_ms), bound: row.bound };
  }

  /** Removes a claim under which nothing was sent. */
  private async release(tenantId: string, bound: string | null): Promise<void> {
    if (bound === null) return;
    await this.dataSource.query(
      `UPDATE sedna_request_slots SET latest_arrivals = array_remove(latest_arrivals, $2::timestamptz)
        WHERE tenant_id = $1`,
      [tenantId, bound],
    );
  }

  /**
   * Sedna answered: the request has arrived, so its bound becomes now if that is sooner. Not
   * awaited by the request (a lost write only keeps the margin for that request).
   */
  private answered(tenantId: string, bound: string | null): void {
    if (bound === null) return;
    this.dataSource
      .query(
        `UPDATE sedna_request_slots
            SET latest_arrivals = array_replace(latest_arrivals, $2::timestamptz,
                                                LEAST($2::timestamptz, clock_timestamp()))
          WHERE tenant_id = $1`,
        [tenantId, bound],
      )
      .catch(() => undefined);
  }
}
