import { ApplicationFailure } from '@temporalio/activity';
import type { Repositories } from '../src/database/repositories';
import type { ItemRow } from '../src/emails/email-rows';
import type { ReferenceCacheService, ReferenceLists } from '../src/sedna/reference-cache.service';
import {
  ItemRejectedError,
  resolveCodes,
  resolveHotelId,
  type MappedHotel,
} from '../src/sedna/reference-resolver';
import type { TenantSednaCredentials } from '../src/sedna/sedna-types';
import type {
  CompletedItem,
  FinishRunInput,
  ItemRefs,
  ItemStoreActivities,
  PreparedItem,
} from '../src/contract/activities';
import { REFERENCE_KINDS, type ReferenceKind } from '../src/contract/statuses';
import {
  type ItemOutcome,
  itemOutcomeOf,
  type RecordedItemOutcome,
  type SyncItemInput,
  type SyncItemRef,
} from '../src/contract/sync-item';
import { detailsKey, itemDetailsOf, itemSummaryText } from '../src/sync/item-details';
import { ITEM_ERROR_CODES } from '../src/contract/item-errors';
import { connectionChanged, itemRejectedFailure } from './sedna-failures';

export interface ItemStoreDeps {
  repos: Repositories;
  referenceCache: ReferenceCacheService;
  findMapping(tenantId: string, hotelName: string): Promise<MappedHotel | null>;
  /** The tenant's settings as they are now (SettingsService.currentCredentials). */
  credentials(tenantId: string): Promise<TenantSednaCredentials | null>;
  onItemFinished?(type: SyncItemRef['type'], status: ItemOutcome['status']): void;
}

/** What an item needs from Sedna's reference lists. */
interface ItemNeeds {
  hotelName: string;
  roomCodes: string[];
  boardCodes: string[];
}

function needsOf({ type, row }: ItemRow): ItemNeeds {
  return type === 'stop_sale'
    ? {
        hotelName: row.hotel_name,
        roomCodes: row.room_types ?? [],
        boardCodes: row.board_types ?? [],
      }
    : { hotelName: row.hotel_name, roomCodes: [row.room_type], boardCodes: [row.board_type] };
}

function resolveRefs(
  needs: ItemNeeds,
  mapping: MappedHotel | null,
  lists: ReferenceLists,
): ItemRefs {
  return {
    hotelId: resolveHotelId(needs.hotelName, mapping, lists.hotels ?? []),
    roomTypeIds: resolveCodes(
      'room type',
      needs.roomCodes,
      lists.room_types ?? [],
      needs.hotelName,
    ),
    boardIds: resolveCodes('board', needs.boardCodes, lists.boards ?? [], needs.hotelName),
  };
}

/** The hotel list is always needed: a mapping is used only when the current Sedna lists it. */
function missingKinds(needs: ItemNeeds, lists: ReferenceLists): ReferenceKind[] {
  const wanted: [ReferenceKind, boolean][] = [
    ['hotels', true],
    ['room_types', needs.roomCodes.length > 0],
    ['boards', needs.boardCodes.length > 0],
  ];
  return wanted.filter(([kind, needed]) => needed && !lists[kind]).map(([kind]) => kind);
}

/**
 * Database steps of the workflows. They run as local activities in the workflow worker: no task
 * queue round trip and a single marker in history, which is most of the orchestration cost.
 */
export function createItemStoreActivities(deps: ItemStoreDeps): ItemStoreActivities {
  const { repos, referenceCache } = deps;
  const { sync: runs, emails } = repos;

  async function loadItem(input: SyncItemInput): Promise<ItemRow> {
    const { type, itemId } = input.item;
    const item = await emails.findItem(input.tenantId, type, itemId);
    if (!item) {
      throw ApplicationFailure.nonRetryable(
        `${type} ${itemId} no longer exists`,
        ITEM_ERROR_CODES.itemNotFound,
      );
    }
    return item;
  }

  return {
    /**
     * Loads the item and resolves its hotel, room and board ids from the cached lists of the
     * tenant's current Sedna connection, which must be the one its run started on.
     */
    async prepareItem(input: SyncItemInput): Promise<PreparedItem> {
      const item = await loadItem(input);
      const { row } = item;
      if (row.sedna_synced && row.sedna_rec_id !== null) {
        return { kind: 'synced', sednaId: row.sedna_rec_id };
      }
      const creds = await deps.credentials(input.tenantId);
      // Without settings the lists are missing: fetching them fails the item as not configured.
      const connection = creds?.connection ?? null;
      const runConnection = await runs.runConnection(input.syncId);
      if (connection !== null && runConnection !== null && runConnection !== connection) {
        throw connectionChanged('after this run started');
      }
      const needs = needsOf(item);
      const mapping = await deps.findMapping(input.tenantId, needs.hotelName);
      const lists = connection ? await referenceCache.freshLists(input.tenantId, connection) : {};
      const kinds = missingKinds(needs, lists);
      if (kinds.length) return { kind: 'needs-references', kinds };
      try {
        return { kind: 'ready', refs: resolveRefs(needs, mapping, lists) };
      } catch (err) {
        if (err instanceof ItemRejectedError) throw itemRejectedFailure(err);
        throw err;
      }
    },

    /**
     * Persists the item's outcome on its run and, when synced, on the reservation or stop sale.
     * Returns the stop sale's Phase 1 header's id when it exists in Sedna (null otherwise), so
     * that an unfinished stop sale's event names it; with `seqAtCommit`, also the item's event
     * sequence number, assigned in this transaction: the commit that the API is woken by is the
     * one that numbers the event, so the API reads it from the database at once.
     */
    async completeItem(
      input: SyncItemInput,
      recorded: RecordedItemOutcome,
    ): Promise<CompletedItem> {
      const { item, tenantId } = input;
      // Workflow code older than API 1.2.0 sends the id as text.
      const outcome = itemOutcomeOf(recorded);
      const completed = await repos.transaction(async ({ sync: repo, emails: rows }) => {
        // Items of one e-mail finish concurrently: the lock makes each see the others' outcome.
        await rows.lockEmail(item.emailId);
        const headerSednaId =
          item.type === 'stop_sale' ? await rows.stopSaleSednaId(tenantId, item.itemId) : null;
        const sednaId = await repo.recordOutcome(item, outcome, headerSednaId);
        if (outcome.status !== 'cancelled') {
          await rows.recordItemStatus(tenantId, item.type, item.itemId, outcome.status);
        }
        await rows.refreshEmailStatus(tenantId, item.emailId);
        await repo.notifyProgress(input.syncId);
        // Last: the run's lock it takes is held only until the commit right after.
        if (!input.seqAtCommit) return { sednaId };
        return { sednaId, seq: await repo.assignEventSeq(item.rowId) };
      });
      deps.onItemFinished?.(item.type, outcome.status);
      return completed;
    },

    /**
     * The event number of an item whose child ended without completeItem. Its row stays as it
     * is (pending): finishRun cancels it with the run, as for items a cancelled run never
     * started; the parent's event says how it ended.
     */
    async numberItemEvent(input: { syncId: string; rowId: number }): Promise<number> {
      return runs.transaction(async (repo) => {
        await repo.notifyProgress(input.syncId);
        return repo.assignEventSeq(input.rowId);
      });
    },

    /** Kinds of reference list that are missing or older than the TTL. */
    async staleReferenceKinds(tenantId: string): Promise<ReferenceKind[]> {
      const connection = (await deps.credentials(tenantId))?.connection;
      const lists = connection ? await referenceCache.freshLists(tenantId, connection) : {};
      return REFERENCE_KINDS.filter((kind) => !lists[kind]);
    },

    async loadItemPage(
      syncId: string,
      afterOrdinal: number,
      limit: number,
    ): Promise<SyncItemRef[]> {
      const page = await runs.itemPage(syncId, afterOrdinal, limit);
      const tenantId = await runs.tenantOfRun(syncId);
      if (!page.length || !tenantId) return page;
      // What each item is about, for its summary in the Temporal UI.
      const details = await itemDetailsOf(
        emails,
        tenantId,
        page.map((item) => ({ type: item.type, item_id: item.itemId })),
      );
      return page.map((item) => ({
        ...item,
        summary: itemSummaryText(item.type, details.get(detailsKey(item.type, item.itemId))),
      }));
    },

    /** Stores the progress-event sequence numbers, so that progress outlives the workflow. */
    async recordEventSeqs(events: { rowId: number; seq: number }[]): Promise<void> {
      await runs.recordEventSeqs(events);
    },

    /**
     * Ends the run; the duration comes from the database clock and returns to the workflow as
     * the activity's (recorded) result, so the workflow, the DB and the SSE summary agree.
     */
    async finishRun(input: FinishRunInput): Promise<number> {
      return runs.transaction(async (repo) => {
        // Items a cancelled run never started are cancelled with it.
        const durationSeconds = await repo.finishRun(input.syncId, input.status, input.counts);
        await repo.notifyProgress(input.syncId);
        return durationSeconds;
      });
    },
  };
}
