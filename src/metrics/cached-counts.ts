/**
 * How long a scrape waits for a refresh of the database counts it started (or found under way)
 * before it answers with the last values; the refresh goes on and serves the next scrape.
 */
export const SCRAPE_WAIT_MS = 2000;

/** What a scrape reads: the last values loaded (none before the first load) and their age. */
export interface CountsView<T> {
  values: T | undefined;
  /** Seconds since the values were loaded; before the first load, since the cache was made. */
  ageSeconds: number;
}

/**
 * Values loaded from the database for the scrapes: loaded at most once every `refreshMs` (a
 * failed load counts too, so a database outage is asked no more often), one load at a time
 * however many scrapes come together, and never waited on longer than `waitMs`. A failed or
 * slow load leaves the last values in place, older: the scrape still answers, with their age.
 */
export class CachedCounts<T> {
  private last: { values: T; at: number } | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly createdAt: number;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly refreshMs: number,
    private readonly waitMs = SCRAPE_WAIT_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.createdAt = now();
  }

  async read(): Promise<CountsView<T>> {
    if (!this.loading && this.now() - this.lastAttemptAt >= this.refreshMs) this.refresh();
    if (this.loading) await this.waitFor(this.loading);
    const at = this.last?.at ?? this.createdAt;
    return { values: this.last?.values, ageSeconds: Math.max(0, (this.now() - at) / 1000) };
  }

  private refresh(): void {
    this.lastAttemptAt = this.now();
    this.loading = this.load().then(
      (values) => {
        this.last = { values, at: this.now() };
      },
      () => undefined,
    );
    void this.loading.finally(() => {
      this.loading = undefined;
    });
  }

  private waitFor(loading: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.waitMs);
      timer.unref();
    });
    return Promise.race([loading, waited]).finally(() => clearTimeout(timer));
  }
}
