/** ASP.NET Web API-style binding: case-insensitive names, numeric strings bind as numbers. */

export type JsonObject = Record<string, unknown>;

/** A validation failure Sedna reports as HTTP 200 with a non-zero ErrorType. */
export class BusinessError extends Error {
  constructor(
    message: string,
    readonly errorType = 1,
  ) {
    super(message);
  }
}

/** A failure Sedna surfaces as an unhandled .NET exception (HTTP 500). */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly exceptionType: string,
  ) {
    super(message);
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

export function toInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function requireInt(obj: unknown, name: string, label = name): number {
  const value = toInt(field(obj, name));
  if (value === undefined) throw new BusinessError(`${label} is required and must be an integer`);
  return value;
}

export function optionalInt(obj: unknown, name: string, fallback: number): number {
  const raw = field(obj, name);
  if (isAbsent(raw)) return fallback;
  const value = toInt(raw);
  if (value === undefined) throw new BusinessError(`${name} must be an integer`);
  return value;
}

export function optionalText(obj: unknown, name: string): string | null {
  const raw = field(obj, name);
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
  throw new BusinessError(`${name} must be a string`);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `yyyy-MM-dd` naming a real calendar day. */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Exactly `yyyy-MM-ddT00:00:00`, the only shape the stop-sale screen accepts. */
export function isMidnight(value: unknown): value is string {
  return typeof value === 'string' && value.endsWith('T00:00:00') && isDay(value.slice(0, -9));
}

/** Renames keys that match a known name case-insensitively, so stored records read uniformly. */
export function canonicalize(obj: JsonObject, names: readonly string[]): JsonObject {
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  return Object.fromEntries(
    Object.entries(obj).map(([key, value]) => [byLower.get(key.toLowerCase()) ?? key, value]),
  );
}

/** Query string with case-insensitive parameter names. */
export class Query {
  private readonly values = new Map<string, string>();

  constructor(params: URLSearchParams) {
    params.forEach((value, key) => this.values.set(key.toLowerCase(), value));
  }

  text(name: string): string | undefined {
    const value = this.values.get(name.toLowerCase());
    return isAbsent(value) ? undefined : value;
  }

  int(name: string): number | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const value = toInt(raw);
    if (value === undefined) throw new BusinessError(`${name} must be an integer`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false') throw new BusinessError(`${name} must be true or false`);
    return raw === 'true';
  }

  /** A date parameter; Sedna's binder also takes a time part, only the day matters here. */
  day(name: string): string | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const day = raw.slice(0, 10);
    if (!isDay(day)) throw new BusinessError(`${name} must be a date in yyyy-MM-dd format`);
    return day;
  }
}
