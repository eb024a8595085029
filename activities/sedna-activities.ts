import { ApplicationFailure } from '@temporalio/activity';
import type { Repositories } from '../src/database/repositories';
import type { StopSaleRow } from '../src/emails/email-rows';
import type { ReferenceCacheService } from '../src/sedna/reference-cache.service';
import { reservationPayload } from '../src/sedna/reservation-payload';
import { ItemRejectedError } from '../src/sedna/reference-resolver';
import { SednaClient } from '../src/sedna/sedna-client';
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
import type { SednaCaller } from './sedna-call';
import { connectionChanged, itemRejectedFailure } from './sedna-failures';

export interface SednaActivityDeps {
  repos: Repositories;
  referenceCache: ReferenceCacheService;
  /** The process's Sedna request path (sedna-call.ts), shared with the drift check's reads. */
  caller: SednaCaller;
}

function stopSaleHeader(
  row: StopSaleRow,
  refs: ItemRefs,
  creds: SednaCredentials,
  declareDate: string,
): StopSaleHeaderInput {
  return {
    hotelId: refs.hotelId,
    dateFrom: row.date_from,
    dateTo: row.date_to,
    isClose: row.is_close,
    roomCodes: row.room_types ?? [],
    boardCodes: row.board_types ?? [],
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
  const { referenceCache } = deps;
  const { emails: rows, sync: syncItems } = deps.repos;
  const { currentCredentials, withSedna } = deps.caller;

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
    if (row.sedna_rec_id) {
      const { connection } = await currentCredentials(input.tenantId);
      if (row.phase1_sedna_connection !== null && row.phase1_sedna_connection !== connection) {
        throw recIdOfAnotherSedna(row.sedna_rec_id);
      }
      return row.sedna_rec_id;
    }
    const check = async (creds: TenantSednaCredentials) => {
      const sentTo = row.phase1_sent_at !== null ? row.phase1_sedna_connection : null;
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
          row.phase1_declare_date ?? input.declareDate,
        );
        return createOnce('Phase 1', {
          wasSent: row.phase1_sent_at !== null,
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
      const sednaId = row.sedna_rec_id;
      if (!sednaId)
        throw ApplicationFailure.nonRetryable(
          'Phase 2 without a Phase 1 RecId',
          ITEM_ERROR_CODES.internal,
        );
      const sameSedna = (creds: TenantSednaCredentials) => {
        if (
          row.phase1_sedna_connection !== null &&
          row.phase1_sedna_connection !== creds.connection
        ) {
          throw recIdOfAnotherSedna(sednaId);
        }
      };
      try {
        await withSedna(
          input,
          async (client, creds) => {
            const declareDate = row.phase1_declare_date ?? sednaTimestamp(Date.now());
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
      if (row.sedna_rec_id) return row.sedna_rec_id;
      const check = async (creds: TenantSednaCredentials) => {
        const sentTo = row.insert_sent_at !== null ? row.insert_sedna_connection : null;
        requireSentHere("This reservation's insert", sentTo, creds);
        await requireListedHotel(input.tenantId, creds, input.refs.hotelId);
      };
      return withSedna(
        input,
        (client, creds) => {
          const rooms = reservationPayload(
            row,
            {
              hotelId: input.refs.hotelId,
              roomTypeId: input.refs.roomTypeIds[0],
              boardId: input.refs.boardIds[0],
              operatorId: creds.operatorId,
            },
            new Date().toISOString().slice(0, 10),
          );
          return createOnce('InsertReservation', {
            wasSent: row.insert_sent_at !== null,
            lookup: () => client.findReservationByVoucher(row.voucher_no),
            mark: () => rows.markInsertSent(row.id, creds.connection),
            clear: () => rows.clearInsertSent(row.id),
            create: () => client.insertReservation(row.voucher_no, rooms),
            store: (sednaId) => rows.storeInsert(row.id, sednaId, input.refs.hotelId),
          });
        },
        check,
      );
    },
  };
}
