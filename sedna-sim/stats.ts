/** Per-agency record of what the simulator received, so tests can check pacing and effects. */

export type StatCounter =
  | 'rateLimited'
  | 'logins'
  | 'stopSalesCreated'
  | 'phase2Calls'
  | 'reservationsCreated'
  | 'duplicatesRejected';

export interface AgencyStats extends Record<StatCounter, number> {
  requests: number;
  byAction: Record<string, number>;
  perSecond: Record<string, number>;
  maxPerSecond: number;
  maxInSlidingSecond: number;
}

const WINDOW_MS = 1000;
// One hour of per-second counts is plenty for a test or bench run and keeps memory bounded.
const MAX_SECONDS_KEPT = 3600;
/** The latest arrival times kept per agency (`/__sim/arrivals`). */
export const MAX_ARRIVALS_KEPT = 10_000;

/** Drops timestamps that left the sliding window ending at `now` (window is (now-1000, now]). */
export function slideWindow(timestamps: number[], now: number): void {
  while (timestamps.length > 0 && timestamps[0] <= now - WINDOW_MS) timestamps.shift();
}

class AgencyTally {
  private requests = 0;
  private readonly byAction = new Map<string, number>();
  private readonly perSecond = new Map<number, number>();
  private maxPerSecond = 0;
  private readonly recent: number[] = [];
  private readonly arrivals: number[] = [];
  private maxInSlidingSecond = 0;
  private readonly counters = new Map<StatCounter, number>();

  record(action: string, now: number): void {
    this.requests += 1;
    this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
    this.countSecond(Math.floor(now / 1000));
    this.arrivals.push(now);
    if (this.arrivals.length > MAX_ARRIVALS_KEPT) this.arrivals.shift();
    // The densest window always ends at some arrival, so checking at each arrival is exact.
    this.recent.push(now);
    slideWindow(this.recent, now);
    this.maxInSlidingSecond = Math.max(this.maxInSlidingSecond, this.recent.length);
  }

  count(counter: StatCounter): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + 1);
  }

  snapshot(): AgencyStats {
    const counter = (name: StatCounter) => this.counters.get(name) ?? 0;
    return {
      requests: this.requests,
      byAction: Object.fromEntries(this.byAction),
      perSecond: Object.fromEntries(this.perSecond),
      maxPerSecond: this.maxPerSecond,
      maxInSlidingSecond: this.maxInSlidingSecond,
      rateLimited: counter('rateLimited'),
      logins: counter('logins'),
      stopSalesCreated: counter('stopSalesCreated'),
      phase2Calls: counter('phase2Calls'),
      reservationsCreated: counter('reservationsCreated'),
      duplicatesRejected: counter('duplicatesRejected'),
    };
  }

  /** When each request was read (ms since the epoch, oldest first; the latest MAX_ARRIVALS_KEPT). */
  arrivalTimes(): number[] {
    return [...this.arrivals];
  }

  private countSecond(second: number): void {
    const count = (this.perSecond.get(second) ?? 0) + 1;
    this.perSecond.set(second, count);
    this.maxPerSecond = Math.max(this.maxPerSecond, count);
    if (this.perSecond.size > MAX_SECONDS_KEPT) {
      this.perSecond.delete(this.perSecond.keys().next().value as number);
    }
  }
}

export class StatsBook {
  private readonly tallies = new Map<string, AgencyTally>();

  record(username: string, action: string, now: number): void {
    this.tally(username).record(action, now);
  }

  count(username: string, counter: StatCounter): void {
    this.tally(username).count(counter);
  }

  /** Lists every known agency, with zeros when it has not called yet. */
  snapshot(knownUsernames: Iterable<string>): { agencies: Record<string, AgencyStats> } {
    for (const username of knownUsernames) this.tally(username);
    const agencies = [...this.tallies].map(([name, tally]) => [name, tally.snapshot()] as const);
    return { agencies: Object.fromEntries(agencies) };
  }

  /** Each agency's arrival times, for checks finer than the counts (a stall's burst). */
  arrivals(): { agencies: Record<string, number[]> } {
    const agencies = [...this.tallies].map(([name, tally]) => [name, tally.arrivalTimes()]);
    return { agencies: Object.fromEntries(agencies) as Record<string, number[]> };
  }

  clear(): void {
    this.tallies.clear();
  }

  private tally(username: string): AgencyTally {
    let tally = this.tallies.get(username);
    if (!tally) {
      tally = new AgencyTally();
      this.tallies.set(username, tally);
    }
    return tally;
  }
}

/** Sliding-window limiter; only admitted requests use up the allowance. */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  admit(key: string, now: number, limitPerSecond: number): boolean {
    if (limitPerSecond <= 0) return true;
    const window = this.windows.get(key) ?? [];
    this.windows.set(key, window);
    slideWindow(window, now);
    if (window.length >= limitPerSecond) return false;
    window.push(now);
    return true;
  }

  clear(): void {
    this.windows.clear();
  }
}
