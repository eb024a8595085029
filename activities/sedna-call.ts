import { ApplicationFailure, Context } from '@temporalio/activity';
import type { SednaCallInput } from '../src/contract/activities';
import type { Repositories } from '../src/database/repositories';
import type { RequestPacer } from '../src/sedna/request-pacer';
import { SednaClient, SednaRequestObserver } from '../src/sedna/sedna-client';
import { SednaError } from '../src/sedna/sedna-errors';
import type { SednaHealthRecorder } from '../src/sedna/sedna-health';
import { SednaSessions } from '../src/sedna/sedna-sessions';
import type { TenantSednaCredentials } from '../src/sedna/sedna-types';
import { ITEM_ERROR_CODES } from '../src/contract/item-errors';
import { connectionChanged, toActivityFailure } from './sedna-failures';

const HEARTBEAT_INTERVAL_MS = 2000;

export interface SednaCallerDeps {
  repos: Pick<Repositories, 'sync'>;
  /** Records whether the tenant's Sedna answered (sedna_health). */
  health: SednaHealthRecorder;
  pacer: RequestPacer;
  /** The tenant's settings as they are at the moment of the call (SettingsService.currentCredentials). */
  credentials(tenantId: string): Promise<TenantSednaCredentials | null>;
  observe?: SednaRequestObserver;
  timeoutMs?: number;
}

/** How every Sedna activity makes its one request: settings, session, pace, health, failures. */
export interface SednaCaller {
  /** The tenant's settings now, or a non-retryable failure when it has none. */
  currentCredentials(tenantId: string): Promise<TenantSednaCredentials>;
  /**
   * One Sedna request with the tenant's settings as they are now (read on every call), on the
   * session of those settings; an item's request goes only to the connection its run started on.
   * `check` runs before anything is sent (a login included): what it throws fails the attempt.
   */
  withSedna<T>(
    input: SednaCallInput,
    call: (client: SednaClient, creds: TenantSednaCredentials) => Promise<T>,
    check?: (creds: TenantSednaCredentials) => Promise<void> | void,
  ): Promise<T>;
}

/**
 * The Sedna request path shared by the worker's Sedna activities (the sync's and the drift
 * check's): one session per tenant connection in this process, each request at the tenant's
 * paced turn.
 */
export function createSednaCaller(deps: SednaCallerDeps): SednaCaller {
  const { health } = deps;
  const { sync: syncItems } = deps.repos;
  const sessions = new SednaSessions();
  /** The login under way per session: requests that find one wait for it instead of another. */
  const logins = new Map<string, Promise<void>>();

  /** Whether the tenant's Sedna answered; a failed write must not fail the call it describes. */
  const recordHealth = (tenantId: string, err: unknown) => {
    const unreachable = err instanceof SednaError && ['not-sent', 'uncertain'].includes(err.kind);
    const answered = err === null || err instanceof SednaError;
    const write = unreachable
      ? health.unreachable(tenantId, (err as SednaError).message)
      : answered
        ? health.answered(tenantId)
        : null;
    return write?.catch(() => undefined);
  };

  /** The tenant's settings now, or a non-retryable failure when it has none. */
  async function currentCredentials(tenantId: string): Promise<TenantSednaCredentials> {
    const creds = await deps.credentials(tenantId);
    if (!creds) {
      throw ApplicationFailure.nonRetryable(
        'Sedna settings are not configured',
        ITEM_ERROR_CODES.sednaNotConfigured,
      );
    }
    return creds;
  }

  /**
   * One Sedna request with the tenant's settings as they are now (read on every call), on the
   * session of those settings; an item's request goes only to the connection its run started on.
   * `check` runs before anything is sent (a login included): what it throws fails the attempt.
   */
  async function withSedna<T>(
    input: SednaCallInput,
    call: (client: SednaClient, creds: TenantSednaCredentials) => Promise<T>,
    check?: (creds: TenantSednaCredentials) => Promise<void> | void,
  ): Promise<T> {
    const creds = await currentCredentials(input.tenantId);
    if (input.rowId) {
      const runConnection = await syncItems.countAttempt(input.rowId);
      if (runConnection !== null && runConnection !== creds.connection) {
        throw connectionChanged('after this run started');
      }
    }
    await check?.(creds);
    const { key: sessionKey, session } = sessions.of(input.tenantId, creds);
    const cancelled = Context.current().cancellationSignal;
    // Checked again as the request leaves: a change made while it waited for its turn counts.
    const client = new SednaClient(
      creds,
      session,
      deps.observe,
      deps.timeoutMs,
      undefined,
      async () => {
        const now = await deps.credentials(input.tenantId);
        if (now?.connection !== creds.connection) {
          throw connectionChanged('while this request waited for its turn');
        }
        return deps.pacer.claim(input.tenantId, creds.rateLimitPerSecond, cancelled);
      },
    );
    // Heartbeats let the server notice a dead worker in seconds rather than at the timeout.
    const heartbeat = setInterval(() => Context.current().heartbeat(), HEARTBEAT_INTERVAL_MS);
    // A worker shutting down (or a cancelled run) ends a wait for a turn at once.
    const turn = () => deps.pacer.waitForTurn(input.tenantId, creds.rateLimitPerSecond, cancelled);
    try {
      if (!client.hasSession()) {
        let login = logins.get(sessionKey);
        if (!login) {
          login = (async () => {
            await turn();
            await client.login();
            await recordHealth(input.tenantId, null);
          })();
          logins.set(sessionKey, login);
          const settled = () => void logins.delete(sessionKey);
          login.then(settled, settled);
        }
        await login;
      }
      await turn();
      const result = await call(client, creds);
      await recordHealth(input.tenantId, null);
      return result;
    } catch (err) {
      if (!(err instanceof ApplicationFailure)) await recordHealth(input.tenantId, err);
      throw toActivityFailure(err);
    } finally {
      clearInterval(heartbeat);
    }
  }

  return { currentCredentials, withSedna };
}
