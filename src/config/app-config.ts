import {
  TemporalConnectionOptions,
  temporalConnectionOptions,
} from '../temporal/connection-options';
import { AllowedHost, parseAllowedHosts } from '../outbound/outbound-url';

/** When a worker makes its own version the deployment's current one (WORKER_SET_CURRENT). */
export const SET_CURRENT_MODES = ['if-none', 'always', 'never'] as const;
export type SetCurrentMode = (typeof SET_CURRENT_MODES)[number];

/** Worker Deployment Versioning, on when TEMPORAL_DEPLOYMENT_NAME is set (README, "Deploys"). */
export interface WorkerVersioningConfig {
  deploymentName: string;
  /** TEMPORAL_WORKER_BUILD_ID; unset: `<package version>-<hash of the workflow code>`. */
  buildId?: string;
  setCurrent: SetCurrentMode;
}

/** All configuration in one typed place, read once from the environment. */
export interface AppConfig {
  port: number;
  databaseUrl: string;
  /** Temporal address, namespace, TLS and API key (certificate files read at start). */
  temporal: TemporalConnectionOptions;
  jwtSecret: string;
  /** When set, tokens must carry this `iss` (JWT_ISSUER) / name this `aud` (JWT_AUDIENCE). */
  jwtIssuer?: string;
  jwtAudience?: string;
  /** JWT_JWKS_URL: RS256, ES256 and EdDSA tokens are verified with the keys published there. */
  jwtJwksUrl?: string;
  /** JWT_MAX_TTL: a token's `exp` at most this far after its `iat` (or now), in seconds. */
  jwtMaxTtlSeconds: number;
  /** Key for encrypting Sedna passwords at rest (AES-256-GCM, derived with scrypt). */
  settingsEncryptionKey: string;
  /** Base URL of the Temporal Web UI, for links in responses and logs. */
  temporalUiUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Worker: port of its Prometheus endpoint, and of the Temporal SDK's own metrics. */
  workerMetricsPort?: number;
  /** METRICS_TOKEN: when set, the API's /metrics answers only `Authorization: Bearer <it>`. */
  metricsToken?: string;
  /**
   * METRICS_DB_REFRESH_INTERVAL (default 15s): the database counts of the API's /metrics (runs,
   * items, Sedna health) are read at most this often, whatever the scrapes.
   */
  metricsDbRefreshSeconds: number;
  sdkMetricsPort?: number;
  /** Sedna request timeout; SEDNA_API.md: 30 s. */
  sednaTimeoutMs: number;
  /**
   * Hosts (and paths) a tenant's Sedna URL may lead to although they are not public (the local
   * simulator's API, tests): OUTBOUND_ALLOWED_HOSTS, comma-separated `host`, `host:port`,
   * `host/path` or `host:port/path`. SPEC §9.
   */
  outboundAllowedHosts: AllowedHost[];
  /** The same for webhook URLs, a list of its own: WEBHOOK_ALLOWED_HOSTS. */
  webhookAllowedHosts: AllowedHost[];
  /** Sedna calls one worker runs at once, all tenants together (most of them wait for a slot). */
  sednaMaxConcurrentCalls: number;
  /** Workflows the worker keeps in memory between their tasks (others replay from history). */
  workerMaxCachedWorkflows: number;
  /**
   * Worker Deployment Versioning (README, "Deploys"): on when TEMPORAL_DEPLOYMENT_NAME is set;
   * TEMPORAL_WORKER_BUILD_ID (default from the workflow code), WORKER_SET_CURRENT.
   */
  workerVersioning?: WorkerVersioningConfig;
  /**
   * WORKER_SHUTDOWN_GRACE_MS: on SIGTERM the worker stops polling and lets running activities
   * finish this long before it cancels them (their next attempt runs on another worker).
   */
  workerShutdownGraceMs: number;
  sync: {
    maxEmailsPerRequest: number;
    /** Most items one bulk retry across runs (`POST /api/sync/retry-failed`) takes. */
    maxItemsPerBulkRetry: number;
    /** Children a BulkSync run keeps in flight at once. */
    maxConcurrentItems: number;
    /** Items a BulkSync run handles before it continues as new. */
    itemsPerRun: number;
    /**
     * PROGRESS_POLL_INTERVAL_MS: how often a watched run is queried when no item-finished
     * notification comes (the fallback: notifications wake the query at once).
     */
    progressPollIntervalMs: number;
  };
  /** Per-tenant token buckets on our own API, so one client cannot flood it or Temporal. */
  apiRateLimit: RateBudget & {
    /** The stricter budget of the requests that start Temporal work (sync, retry, trigger). */
    workflowStarts: RateBudget;
    /** Per client address, in each API process: requests without a valid token (then 429). */
    unauthenticated: RateBudget;
  };
}

export interface RateBudget {
  perSecond: number;
  burst: number;
}

function required(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

/** Production has no fallback key: a leaked JWT_SECRET must not also open the stored passwords. */
function settingsEncryptionKey(jwtSecret: string): string {
  const key = process.env.SETTINGS_ENCRYPTION_KEY;
  if (key) return key;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'Missing required environment variable SETTINGS_ENCRYPTION_KEY (NODE_ENV=production)',
    );
  }
  return jwtSecret;
}

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function optionalInteger(name: string): number | undefined {
  return process.env[name] ? integer(name, 0) : undefined;
}

function workerVersioning(): WorkerVersioningConfig | undefined {
  const deploymentName = process.env.TEMPORAL_DEPLOYMENT_NAME?.trim();
  const buildId = process.env.TEMPORAL_WORKER_BUILD_ID?.trim() || undefined;
  const setCurrent = process.env.WORKER_SET_CURRENT?.trim() || 'if-none';
  if (!SET_CURRENT_MODES.includes(setCurrent as SetCurrentMode)) {
    throw new Error(
      `WORKER_SET_CURRENT must be one of ${SET_CURRENT_MODES.join(', ')}, got "${setCurrent}"`,
    );
  }
  if (!deploymentName) {
    if (buildId) {
      throw new Error('TEMPORAL_WORKER_BUILD_ID is set but TEMPORAL_DEPLOYMENT_NAME is not');
    }
    return undefined;
  }
  if (/[.:]/.test(deploymentName)) {
    throw new Error(`TEMPORAL_DEPLOYMENT_NAME cannot contain "." or ":", got "${deploymentName}"`);
  }
  return { deploymentName, buildId, setCurrent: setCurrent as SetCurrentMode };
}

/** OUTBOUND_ALLOWED_HOSTS, read on its own by code that has no AppConfig (the Sedna client). */
export function outboundAllowedHosts(env: NodeJS.ProcessEnv = process.env): AllowedHost[] {
  return parseAllowedHosts(env.OUTBOUND_ALLOWED_HOSTS, 'OUTBOUND_ALLOWED_HOSTS');
}

/** WEBHOOK_ALLOWED_HOSTS: the webhook URLs' exceptions, apart from Sedna's. */
export function webhookAllowedHosts(env: NodeJS.ProcessEnv = process.env): AllowedHost[] {
  return parseAllowedHosts(env.WEBHOOK_ALLOWED_HOSTS, 'WEBHOOK_ALLOWED_HOSTS');
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `3600`, `90s`, `30m`, `12h`, `31d` or `2w`, in seconds; `name` is named when it is not one. */
export function durationSeconds(name: string, raw: string | undefined, fallback: string): number {
  const text = (raw || fallback).trim();
  const match = /^([1-9]\d*)([smhdw]?)$/.exec(text);
  if (!match) {
    throw new Error(
      `Environment variable ${name} must be a duration such as 31d, 12h or 3600, got "${text}"`,
    );
  }
  return Number(match[1]) * DURATION_UNITS[match[2] || 's'];
}

export function loadConfig(): AppConfig {
  const jwtSecret = required('JWT_SECRET');
  return {
    port: integer('PORT', 3000),
    databaseUrl: required('DATABASE_URL'),
    temporal: temporalConnectionOptions(),
    jwtSecret,
    jwtIssuer: process.env.JWT_ISSUER || undefined,
    jwtAudience: process.env.JWT_AUDIENCE || undefined,
    jwtJwksUrl: process.env.JWT_JWKS_URL || undefined,
    jwtMaxTtlSeconds: durationSeconds('JWT_MAX_TTL', process.env.JWT_MAX_TTL, '31d'),
    settingsEncryptionKey: settingsEncryptionKey(jwtSecret),
    temporalUiUrl: process.env.TEMPORAL_UI_URL ?? 'http://localhost:8233',
    logLevel: (process.env.LOG_LEVEL as AppConfig['logLevel']) ?? 'info',
    sednaTimeoutMs: integer('SEDNA_TIMEOUT_MS', 30_000),
    outboundAllowedHosts: outboundAllowedHosts(),
    webhookAllowedHosts: webhookAllowedHosts(),
    sednaMaxConcurrentCalls: integer('SEDNA_MAX_CONCURRENT_CALLS', 500),
    workerMaxCachedWorkflows: integer('WORKER_MAX_CACHED_WORKFLOWS', 1000),
    workerVersioning: workerVersioning(),
    workerShutdownGraceMs: integer('WORKER_SHUTDOWN_GRACE_MS', 45_000),
    workerMetricsPort: optionalInteger('WORKER_METRICS_PORT'),
    metricsToken: process.env.METRICS_TOKEN || undefined,
    metricsDbRefreshSeconds: durationSeconds(
      'METRICS_DB_REFRESH_INTERVAL',
      process.env.METRICS_DB_REFRESH_INTERVAL,
      '15s',
    ),
    sdkMetricsPort: optionalInteger('TEMPORAL_SDK_METRICS_PORT'),
    sync: {
      maxEmailsPerRequest: integer('SYNC_MAX_EMAILS_PER_REQUEST', 10_000),
      maxItemsPerBulkRetry: integer('SYNC_MAX_ITEMS_PER_BULK_RETRY', 10_000),
      maxConcurrentItems: integer('SYNC_MAX_CONCURRENT_ITEMS', 50),
      itemsPerRun: integer('SYNC_ITEMS_PER_RUN', 500),
      progressPollIntervalMs: integer('PROGRESS_POLL_INTERVAL_MS', 1000),
    },
    apiRateLimit: {
      perSecond: integer('API_RATE_LIMIT_PER_SECOND', 20),
      burst: integer('API_RATE_LIMIT_BURST', 60),
      workflowStarts: { perSecond: 2, burst: 10 },
      unauthenticated: {
        perSecond: integer('API_UNAUTHENTICATED_RATE_LIMIT_PER_SECOND', 2),
        burst: integer('API_UNAUTHENTICATED_RATE_LIMIT_BURST', 20),
      },
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
