/** Fault rules set through the control API and the decision they yield for one request. */

export type SimAction = 'login' | 'phase1' | 'phase2' | 'insertReservation' | 'lookup' | 'any';

/** What a single Sedna request does; cancellation is reachable by faults only through 'any'. */
export type RequestAction = Exclude<SimAction, 'any'> | 'cancelReservation';

export type FaultKind =
  'latency' | 'http500' | 'http429' | 'timeout' | 'reset' | 'lost-response' | 'business-error';

export interface FaultRule {
  action: SimAction;
  kind: FaultKind;
  times?: number;
  probability?: number;
  latencyMs?: number;
  match?: { hotelId?: number; voucher?: string; username?: string };
}

export interface FaultTarget {
  action: RequestAction;
  username?: string;
  hotelId?: number;
  voucher?: string;
}

export interface FaultDecision {
  latencyMs: number;
  kind?: Exclude<FaultKind, 'latency'>;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

const ACTIONS: readonly SimAction[] = [
  'login',
  'phase1',
  'phase2',
  'insertReservation',
  'lookup',
  'any',
];
const KINDS: readonly FaultKind[] = [
  'latency',
  'http500',
  'http429',
  'timeout',
  'reset',
  'lost-response',
  'business-error',
];
const DEFAULT_FAULT_LATENCY_MS = 1000;

export class FaultBook {
  private rules: ActiveRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, remaining: rule.times ?? Infinity }));
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<FaultRule & { remaining: number | null }> {
    return this.rules.map(({ rule, remaining }) => ({
      ...rule,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /** Latency rules add up; the first other rule that hits decides the outcome. */
  decide(target: FaultTarget): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const active of this.rules) {
      if (!hits(active, target)) continue;
      active.remaining -= 1;
      decision.latencyMs += active.rule.latencyMs ?? defaultLatency(active.rule.kind);
      if (active.rule.kind !== 'latency') return { ...decision, kind: active.rule.kind };
    }
    return decision;
  }
}

function defaultLatency(kind: FaultKind): number {
  return kind === 'latency' ? DEFAULT_FAULT_LATENCY_MS : 0;
}

function hits({ rule, remaining }: ActiveRule, target: FaultTarget): boolean {
  if (remaining <= 0) return false;
  if (rule.action !== 'any' && rule.action !== target.action) return false;
  if (!matches(rule.match, target)) return false;
  return Math.random() < (rule.probability ?? 1);
}

function matches(match: FaultRule['match'], target: FaultTarget): boolean {
  if (!match) return true;
  if (match.hotelId !== undefined && match.hotelId !== target.hotelId) return false;
  if (match.voucher !== undefined && match.voucher !== target.voucher) return false;
  return match.username === undefined || match.username === target.username;
}

/** Validates a control-API body; throws with a message naming the bad rule. */
export function parseFaultRules(body: unknown): FaultRule[] {
  const rules = (body as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new Error('Body must be {"rules": FaultRule[]}');
  return rules.map((rule: unknown, i) => checkRule(rule, `rules[${i}]`));
}

function checkRule(value: unknown, at: string): FaultRule {
  const rule = value as FaultRule;
  if (typeof value !== 'object' || value === null) throw new Error(`${at} must be an object`);
  if (!ACTIONS.includes(rule.action)) throw new Error(`${at}.action must be one of ${ACTIONS}`);
  if (!KINDS.includes(rule.kind)) throw new Error(`${at}.kind must be one of ${KINDS}`);
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
    throw new Error(`${at}.times must be a positive integer`);
  }
  if (rule.probability !== undefined && !inRange(rule.probability, 1)) {
    throw new Error(`${at}.probability must be between 0 and 1`);
  }
  if (rule.latencyMs !== undefined && !inRange(rule.latencyMs, Infinity)) {
    throw new Error(`${at}.latencyMs must be a non-negative number`);
  }
  return rule;
}

function inRange(value: unknown, max: number): boolean {
  return typeof value === 'number' && value >= 0 && value <= max;
}
