/** Everything the simulator remembers, shared by the Sedna API and the control API. */
import { FaultBook } from './faults';
import { DEMO_AGENCY, OPERATORS, SimAgency } from './reference-data';
import { ReservationBook } from './reservations';
import { SessionStore } from './sessions';
import { RateLimiter, StatsBook } from './stats';
import { StopSaleBook } from './stop-sales';

export interface SimConfig {
  rateLimitPerSecond: number;
  sessionIdleMs: number;
  latencyMs: number;
  /** Added to every seeded hotel id (reference-data.ts hotelsOf): another Sedna's ids. */
  hotelIdShift: number;
}

export interface SimState {
  config: SimConfig;
  agencies: Map<string, SimAgency>;
  sessions: SessionStore;
  limiter: RateLimiter;
  faults: FaultBook;
  stats: StatsBook;
  stopSales: StopSaleBook;
  reservations: ReservationBook;
}

export const DEFAULT_CONFIG: SimConfig = {
  rateLimitPerSecond: 5,
  sessionIdleMs: 20 * 60_000,
  latencyMs: 0,
  hotelIdShift: 0,
};

export function createState(config: SimConfig, agencies: SimAgency[]): SimState {
  return {
    config,
    agencies: new Map(agencies.map((a) => [a.username, a])),
    sessions: new SessionStore(),
    limiter: new RateLimiter(),
    faults: new FaultBook(),
    stats: new StatsBook(),
    stopSales: new StopSaleBook(),
    reservations: new ReservationBook(),
  };
}

export function defaultAgencies(): SimAgency[] {
  return [{ ...DEMO_AGENCY }];
}

/** Forgets everything that happened; agencies and config are setup, not history. */
export function resetState(state: SimState): void {
  state.sessions.clear();
  state.limiter.clear();
  state.faults.clear();
  state.stats.clear();
  state.stopSales.clear();
  state.reservations.clear();
}

/** Operators Sedna knows: the seeded ones plus those of agencies added at run time. */
export function isKnownOperator(state: SimState, id: number): boolean {
  return (
    OPERATORS.some((o) => o.RecId === id) ||
    [...state.agencies.values()].some((a) => a.operatorId === id)
  );
}
