import type { DataSource } from 'typeorm';

/** Sedna counts a tenant's requests in a sliding second. */
const WINDOW_MS = 1000;

/**
 * How long a request in flight keeps its place unless its process renews it: a request is held
 * for as long as it may still reach Sedna (the Sedna client keeps a timed-out request's connection
 * open until it is answered or closed), so the bound is a lease, renewed every LEASE_RENEW_MS by
 * the process that sent it. A process that dies with requests in flight holds their places this
 * long after its last renewal.
 */
const IN_FLIGHT_LEASE_MS = 30_000;
const LEASE_RENEW_MS = 5000;
/**
 * While the limit is held by requests still in flight, a claim looks again after this long,
 * doubling up to IN_FLIGHT_RECHECK_MAX_MS (a stall can hold them for minutes; an answered
 * request still counts for a whole second, so looking twice a second loses no budget).
 */
const IN_FLIGHT_RECHECK_MS = 20;
const IN_FLIGHT_RECHECK_MAX_MS = 500;

/**
 * Called once a claimed request is over: Sedna answered (any HTTP status), or the request's
 * connection closed, or it never connected.
 */
export type Answered = () => void;

/**
 * The pacer's two waits (step 1, `turn`: for the request's slot; step 2, `claim`: for a place in
 * the last second), each told once it is over, in seconds (the worker's
 * `sedna_pacer_wait_seconds`).
 */
export type PacerWaitObserver = (step: 'turn' | 'claim', seconds: number) => void;

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
 *    tenant's requests can have reached Sedna within the last second. A request in flight can
 *    arrive at any moment until it is over (answered, or its connection closed: the Sedna
 *    client does not close a timed-out request's connection, see README "The Sedna rate
 *    limit"), so it counts until then, under a lease its process renews; once over it counts
 *    from that moment, the latest it can have arrived. Nothing is assumed about how long a
 *    request takes to reach Sedna, so a process that stalls between its claim and the send, or
 *    a Sedna that stops reading for minutes and then reads everything, never puts more than the
 *    limit in a second.
 *
 * Nothing here depends on Temporal's task-queue rate limits, which are split across a queue's
 * partitions.
 */
export class RequestPacer {
  /**
   * `lease`: how long a request in flight keeps its place unrenewed, and how often it is renewed;
   * `observeWait`: told how long each wait lasted (its database statements included).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly lease = { ms: IN_FLIGHT_LEASE_MS, renewEveryMs: LEASE_RENEW_MS },
    private readonly observeWait: PacerWaitObserver = () => undefined,
  ) {}

  /** Step 1: waits for this request's turn in the tenant's queue (`signal` ends the wait). */
  async waitForTurn(tenantId: string, limitPerSecond: number, signal?: AbortSignal): Promise<void> {
    const started = performance.now();
    const untilSlot = await this.reserve(tenantId, WINDOW_MS / wholeLimit(limitPerSecond));
    if (untilSlot > 0) await sleep(untilSlot, signal);
    this.observeWait('turn', (performance.now() - started) / 1000);
  }

  /**
   * Step 2, right before the request leaves: returns once it may be sent, with the function to
   * call when it is over (answered, or its connection closed; until then it holds its place,
   * its lease renewed by this process).
   */
  async claim(tenantId: string, limitPerSecond: number, signal?: AbortSignal): Promise<Answered> {
    const started = performance.now();
    let recheckMs = IN_FLIGHT_RECHECK_MS;
    for (;;) {
      const { waitMs, inFlight, bound } = await this.tryClaim(tenantId, wholeLimit(limitPerSecond));
      if (waitMs <= 0) {
        this.observeWait('claim', (performance.now() - started) / 1000);
        return bound === null ? () => undefined : this.hold(tenantId, bound);
      }
      // A place held by a request in flight frees when it is over, soon or late.
      await sleep(inFlight ? recheckMs : waitMs, signal);
      recheckMs = inFlight
        ? Math.min(recheckMs * 2, IN_FLIGHT_RECHECK_MAX_MS)
        : IN_FLIGHT_RECHECK_MS;
    }
  }

  /**
   * Renews the claimed request's lease until it is over, then counts it from that moment. The
   * writes of one request are chained, so its bound is always the one stored.
   */
  private hold(tenantId: string, claimed: string): Answered {
    let bound = claimed;
    let writes = Promise.resolve();
    const renewal = setInterval(() => {
      writes = writes
        .then(async () => {
          bound = await this.renew(tenantId, bound);
        })
        .catch(() => undefined);
    }, this.lease.renewEveryMs);
    renewal.unref();
    let over = false;
    return () => {
      if (over) return;
      over = true;
      clearInterval(renewal);
      writes = writes.then(() => this.answered(tenantId, bound));
    };
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
   * Claimed (`waitMs` 0, with the request's place recorded: the latest it can arrive while in
   * flight, as text so that no microsecond is lost), or how long to wait first, and whether a
   * request in flight holds the place waited for.
   */
  private async tryClaim(
    tenantId: string,
    limit: number,
  ): Promise<{ waitMs: number; inFlight: boolean; bound: string | null }> {
    const [row]: { wait_ms: string; in_flight: boolean; bound: string | null }[] =
      await this.dataSource.query(
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
              NOT ok AND arrivals[$2] > now AS in_flight,
              CASE WHEN ok THEN bound::text END AS bound
         FROM decided`,
        [tenantId, limit, WINDOW_MS, this.lease.ms],
      );
    // No row yet (a claim without a turn): nothing to hold the request back.
    if (!row) return { waitMs: 0, inFlight: false, bound: null };
    return { waitMs: Number(row.wait_ms), inFlight: row.in_flight, bound: row.bound };
  }

  /**
   * The request is still in flight: its place is held for another lease from now (put back if a
   * late renewal finds it gone). Returns the new bound.
   */
  private async renew(tenantId: string, bound: string): Promise<string> {
    // A SELECT at the end: TypeORM gives an UPDATE's RETURNING rows with its row count.
    const [row]: { bound: string }[] = await this.dataSource.query(
      `WITH renewed AS (SELECT clock_timestamp() + make_interval(secs => $3 / 1000.0) AS bound),
       updated AS (
         UPDATE sedna_request_slots s
            SET latest_arrivals = CASE WHEN $2::timestamptz = ANY(s.latest_arrivals)
                                       THEN array_replace(s.latest_arrivals, $2::timestamptz, r.bound)
                                       ELSE s.latest_arrivals || r.bound END
           FROM renewed r
          WHERE s.tenant_id = $1
         RETURNING r.bound
       )
       SELECT bound::text AS bound FROM updated`,
      [tenantId, bound, this.lease.ms],
    );
    return row?.bound ?? bound;
  }

  /**
   * The request is over (answered, or its connection closed): it reached Sedna by now if ever, so
   * it counts from now. Not awaited by the request; a lost write holds the place until its lease
   * ends.
   */
  private answered(tenantId: string, bound: string): Promise<void> {
    return this.dataSource
      .query(
        `UPDATE sedna_request_slots
            SET latest_arrivals = array_replace(latest_arrivals, $2::timestamptz,
                                                LEAST($2::timestamptz, clock_timestamp()))
          WHERE tenant_id = $1`,
        [tenantId, bound],
      )
      .then(
        () => undefined,
        () => undefined,
      );
  }
}
