import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Repositories } from '../src/database/repositories';
import type { StopSale } from '../src/emails/stop-sale.entity';
import type { ReferenceCacheService } from '../src/sedna/reference-cache.service';
import { RequestPacer } from '../src/sedna/request-pacer';
import { reservationPayload } from '../src/sedna/reservation-payload';
import { ItemRejectedError } from '../src/sedna/reference-resolver';
import { SednaClient, SednaRequestObserver } from '../src/sedna/sedna-client';
import { SednaError } from '../src/sedna/sedna-errors';
import type { SednaHealthRecorder } from '../src/sedna/sedna-health';
import { SednaSessions } from '../src/sedna/sedna-sessions';
import type { SednaCredentials, TenantSednaCredentials } from '../src/sedna/sedna-types';
import {
  phase1Payload,
  phase2Payload,
  RECORD_USER,
  sednaDate,
  StopSaleHeaderInput,
} from '../src/sedna/stop-sale-payload';
import type {
  ItemRefs,
  ReservationCallInput,
  SednaActivities,
  SednaCallInput,
  StopSaleCallInput,
} from '../src/contract/activities';
import { ITEM_ERROR_CODES, itemErrorCodeOf } from '../src/contract/item-errors';
import { sednaTimestamp } from '../src/contract/sedna-timestamp';
import type { ReferenceKind } from '../src/contract/statuses';
import { createOnce } from './create-once';
import { connectionChanged, itemRejectedFailure, toActivityFailure } from './sedna-failures';

const HEARTBEAT_INTERVAL_MS = 2000;

export interface SednaActivityDeps {
  repos: Repositories;
  /** Records whether the tenant's Sedna answered (sedna_health). */
  health: SednaHealthRecorder;
  pacer: RequestPacer;
  referenceCache: ReferenceCacheService;
  /** The tenant's settings as they are at the moment of the call (SettingsService.currentCredentials). */
  credentials(tenantId: string): Promise<TenantSednaCredentials | null>;
  observe?: SednaRequestObserver;
  timeoutMs?: number;
}

function stopSaleHeader(
  row: StopSale,
  refs: ItemRefs,
  creds: SednaCredentials,
  declareDate: string,
): StopSaleHeaderInput {
  return {
    hotelId: refs.hotelId,
    dateFrom: row.dateFrom,
    dateTo: row.dateTo,
    isClose: row.isClose,
    roomCodes: row.roomTypes ?? [],
    boardCodes: row.boardTypes ?? [],
    operatorCode: creds.operatorCode,
    authorityId: creds.authorityId,
    declareDate,
  };
}

/** The header that a previous, uncertain Phase 1 may have created. */
async function findStopSaleHeader(
  client: SednaClient,
  header: StopSaleHeaderInput,
): Promise<number | null> {
  const day = header.declareDate.slice(0, 10);
  const found = await client.listStopSales({
    hotelId: header.hotelId,
    stopDateBegin: header.dateFrom,
    stopDateEnd: header.dateTo,
    recordDateBegin: day,
    recordDateEnd: day,
  });
  const match = found.find(
    (h) =>
      h.hotelId === header.hotelId &&
      h.beginDate.startsWith(sednaDate(header.dateFrom)) &&
      h.endDate.startsWith(sednaDate(header.dateTo)) &&
      h.recordUser === RECORD_USER &&
      h.declareDate.slice(0, 19) === header.declareDate,
  );
  return match?.sednaId ?? null;
}

/**
 * A create whose answer was lost may have made its record in the Sedna it went to: it is looked
 * up there only (`sentTo`, the connection of its "sent" mark), never created in another one.
 */
function requireSentHere(
  what: "This stop sale's Phase 1" | "This reservation's insert",
  sentTo: string | null,
  creds: TenantSednaCredentials,
): void {
  if (sentTo === null || sentTo === creds.connection) return;
  throw itemRejectedFailure(
    new ItemRejectedError(
      `${what} was sent to another Sedna than the one now configured and its answer was lost: ` +
        'the record may exist there. Nothing is sent here; point the settings back to that ' +
        'Sedna and retry (the record is looked up there before any new one)',
      ITEM_ERROR_CODES.sednaConnectionChanged,
    ),
  );
}

/** A Phase 1 RecId belongs to the Sedna that issued it. */
function recIdOfAnotherSedna(sednaId: number): ApplicationFailure {
  return itemRejectedFailure(
    new ItemRejectedError(
      `This stop sale's Phase 1 header (RecId ${sednaId}) was created in another Sedna than the ` +
        'one now configured: its rooms are not sent here. Its header stays in that Sedna ' +
        'without rooms; point the settings back to it and retry to finish it there',
      ITEM_ERROR_CODES.sednaConnectionChanged,
    ),
  );
}

/**
 * Activities that call Sedna. They run on the shared Sedna-call queue, wait for the tenant's
 * paced turn, and make exactly one Sedna request per attempt (a missing session costs one
 * attempt: the login).
 */
export function createSednaActivities(deps: SednaActivityDeps): SednaActivities {
  const { referenceCache, health } = deps;
  const { emails: rows, sync: syncItems } = deps.repos;
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

  /**
   * Refreshes one reference list of the tenant's current connection, unless another worker did
   * it meanwhile; it is stored as that connection's.
   */
  async function fetchReferenceList(input: SednaCallInput, kind: ReferenceKind): Promise<void> {
    const { connection } = await currentCredentials(input.tenantId);
    if (await referenceCache.isFresh(input.tenantId, connection, kind)) return;
    await withSedna(input, async (client, creds) => {
      const list =
        kind === 'hotels'
          ? await client.getHotels()
          : kind === 'room_types'
            ? await client.getRoomTypes()
            : await client.getBoards();
      await referenceCache.store(input.tenantId, creds.connection, kind, list);
    });
  }

  /**
   * The hotel id of Phase 1 is one the Sedna now configured listed (its stored list, any age):
   * ids resolved against another Sedna's list never leave.
   */
  async function requireListedHotel(tenantId: string, creds: TenantSednaCredentials, id: number) {
    const hotels = await referenceCache.storedHotels(tenantId, creds.connection);
    if (!hotels?.some((h) => h.id === id && h.isActive)) {
      throw connectionChanged(
        `since the item's hotel was resolved (hotel ${id} is not in the current Sedna's list)`,
      );
    }
  }

  /** The stop sale's Phase 1 RecId: the stored one (of the Sedna now configured), or a new header. */
  async function phase1(input: StopSaleCallInput & { declareDate: string }): Promise<number> {
    const row = await rows.stopSale(input.tenantId, input.stopSaleId);
    if (row.sednaId) {
      const { connection } = await currentCredentials(input.tenantId);
      if (row.phase1SednaConnection !== null && row.phase1SednaConnection !== connection) {
        throw recIdOfAnotherSedna(row.sednaId);
      }
      return row.sednaId;
    }
    const check = async (creds: TenantSednaCredentials) => {
      const sentTo = row.phase1SentAt !== null ? row.phase1SednaConnection : null;
      requireSentHere("This stop sale's Phase 1", sentTo, creds);
      await requireListedHotel(input.tenantId, creds, input.refs.hotelId);
    };
    return withSedna(
      input,
      (client, creds) => {
        const header = stopSaleHeader(
          row,
          input.refs,
          creds,
          row.phase1DeclareDate ?? input.declareDate,
        );
        return createOnce('Phase 1', {
          wasSent: row.phase1SentAt !== null,
          lookup: () => findStopSaleHeader(client, header),
          mark: () => rows.markPhase1Sent(row.id, header.declareDate, creds.connection),
          clear: () => rows.clearPhase1Sent(row.id),
          create: () => client.updateStopSale(phase1Payload(header)),
          store: (sednaId) => rows.storePhase1(row.id, sednaId, header.hotelId, creds.connection),
        });
      },
      check,
    );
  }

  return {
    fetchReferenceList: (input) => fetchReferenceList(input, input.kind),

    /** One after the other, each at its own turn; a retry skips those already stored. */
    async fetchReferenceLists(input): Promise<void> {
      for (const kind of input.kinds) await fetchReferenceList(input, kind);
    },

    /**
     * Phase 1: creates the header with empty children and stores its RecId at once, on the stop
     * sale and on the run's item (which from then on shows as in Sedna without rooms).
     */
    async createStopSaleHeader(
      input: StopSaleCallInput & { declareDate: string },
    ): Promise<number> {
      const sednaId = await phase1(input);
      if (input.rowId) await syncItems.recordPhase2Pending(input.rowId, sednaId);
      return sednaId;
    },

    /**
     * Phase 2: the same header with its RecId, and rooms, operator and boards attached to it. A
     * failed attempt leaves its error on the run's item, so that the result, the progress stream
     * and the report show what Phase 2 meets while it retries.
     */
    async attachStopSaleChildren(input: StopSaleCallInput): Promise<void> {
      const row = await rows.stopSale(input.tenantId, input.stopSaleId);
      const sednaId = row.sednaId;
      if (!sednaId)
        throw ApplicationFailure.nonRetryable(
          'Phase 2 without a Phase 1 RecId',
          ITEM_ERROR_CODES.internal,
        );
      const sameSedna = (creds: TenantSednaCredentials) => {
        if (row.phase1SednaConnection !== null && row.phase1SednaConnection !== creds.connection) {
          throw recIdOfAnotherSedna(sednaId);
        }
      };
      try {
        await withSedna(
          input,
          async (client, creds) => {
            const declareDate = row.phase1DeclareDate ?? sednaTimestamp(Date.now());
            const payload = phase2Payload(
              stopSaleHeader(row, input.refs, creds, declareDate),
              sednaId,
              {
                roomTypeIds: input.refs.roomTypeIds,
                boardIds: input.refs.boardIds,
                operatorIds: [creds.operatorId],
                marketIds: [],
              },
            );
            await client.updateStopSale(payload);
          },
          sameSedna,
        );
      } catch (err) {
        // Only failures of the call itself (not a cancellation or a worker shutting down); a
        // failed write must not replace the error it describes.
        if (input.rowId && err instanceof ApplicationFailure)
          await syncItems
            .recordPhase2Pending(input.rowId, sednaId, {
              message: err.message,
              code: itemErrorCodeOf(err.type),
            })
            .catch(() => undefined);
        throw err;
      }
    },

    /** Inserts the reservation once: after an uncertain attempt it is looked up by voucher. */
    async insertReservation(input: ReservationCallInput): Promise<number> {
      const row = await rows.reservation(input.tenantId, input.reservationId);
      if (row.sednaId) return row.sednaId;
      const check = async (creds: TenantSednaCredentials) => {
        const sentTo = row.insertSentAt !== null ? row.insertSednaConnection : null;
        requireSentHere("This reservation's insert", sentTo, creds);
        await requireListedHotel(input.tenantId, creds, input.refs.hotelId);
      };
      return withSedna(
        input,
        (client, creds) => {
          const rooms = reservationPayload(
            { ...row, tenantId: input.tenantId, reservationId: row.id },
            {
              hotelId: input.refs.hotelId,
              roomTypeId: input.refs.roomTypeIds[0],
              boardId: input.refs.boardIds[0],
              operatorId: creds.operatorId,
            },
            new Date().toISOString().slice(0, 10),
          );
          return createOnce('InsertReservation', {
            wasSent: row.insertSentAt !== null,
            lookup: () => client.findReservationByVoucher(row.voucherNo),
            mark: () => rows.markInsertSent(row.id, creds.connection),
            clear: () => rows.clearInsertSent(row.id),
            create: () => client.insertReservation(row.voucherNo, rooms),
            store: (sednaId) => rows.storeInsert(row.id, sednaId, input.refs.hotelId),
          });
        },
        check,
      );
    },
  };
}
