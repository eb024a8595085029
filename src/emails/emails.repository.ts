import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { ItemType, RowStatus } from '../contract/statuses';
import type { reservationRecords, stopSaleRecords } from './email-import';
import type { EmailRow, ItemRow, ReservationRow, StopSaleRow } from './email-rows';
import type { EmailInputDto } from './import-emails.dto';
import type {
  EmailRows,
  PendingEmailRow,
  ReservationSummaryRow,
  StopSaleSummaryRow,
} from './email-views';
import {
  LISTED_ITEMS,
  receivedBoundInstant,
  type PendingEmailsFilterDto,
} from './pending-emails-query.dto';

/**
 * The e-mail aggregate's tables, `emails`, `stop_sales` and `reservations`: every read and
 * write of them, by the API (import, list, detail, a sync's plan, what a sync's items are about
 * and their e-mails' subjects) and the worker (an item's row, its "sent" mark and RecId, its
 * outcome and its e-mail's status, a schedule's unsynced items), in SQL with typed rows keyed by
 * column (email-rows.ts); a column name is written here only.
 *
 * Built on a DataSource, or on a transaction's EntityManager (`new EmailsRepository(db)`) when
 * its writes must commit with other tables' (an item's outcome with its sync_items row).
 */

/** An item of the e-mails a sync was asked for (or a run plans), in (e-mail, type, id) order. */
export interface EmailItem {
  emailId: number;
  type: ItemType;
  itemId: number;
}

/** An item's reference as SQL reads it. */
export interface EmailItemRow {
  email_id: number;
  item_type: ItemType;
  item_id: number;
}

export function emailItem(row: EmailItemRow): EmailItem {
  return { emailId: row.email_id, type: row.item_type, itemId: row.item_id };
}

/** What an item is about (its details row, src/sync/item-details.ts); dates as `YYYY-MM-DD`. */
export interface ItemDetailsRow {
  type: ItemType;
  item_id: number;
  hotel_name: string;
  /** Reservation only. */
  voucher_no: string | null;
  check_in: string | null;
  check_out: string | null;
  /** Stop sale only. */
  date_from: string | null;
  date_to: string | null;
  /** A reservation's one room code; a stop sale's codes, null for all rooms. */
  room_codes: string[] | null;
}

/** The columns of an item's details, from its stop sale `s` or reservation `r`. */
const DETAIL_COLUMNS = `COALESCE(s.hotel_name, r.hotel_name) AS hotel_name,
  r.voucher_no,
  to_char(r.check_in, 'YYYY-MM-DD') AS check_in,
  to_char(r.check_out, 'YYYY-MM-DD') AS check_out,
  to_char(s.date_from, 'YYYY-MM-DD') AS date_from,
  to_char(s.date_to, 'YYYY-MM-DD') AS date_to,
  CASE WHEN r.id IS NOT NULL THEN ARRAY[r.room_type]::text[] ELSE s.room_types END AS room_codes`;

/** An item a drift check found drifted, to ready for a re-sync (resetForResync). */
export interface ResyncReset {
  type: ItemType;
  itemId: number;
  /** The Sedna id the check saw on the row. */
  seenSednaId: number | null;
  way: 'phase2' | 'afresh';
}

/** A stop sale's Sedna state, by column (what a re-sync changes; times as text, to the µs). */
interface StopSaleSyncColumns {
  id: number;
  sedna_synced: boolean;
  sedna_rec_id: number | null;
  sedna_sync_at: string | null;
  status: RowStatus;
  phase1_sent_at: string | null;
  phase1_declare_date: string | null;
  phase1_sedna_connection: string | null;
}

/** A reservation's Sedna state, by column (what a re-sync changes; times as text, to the µs). */
interface ReservationSyncColumns {
  id: number;
  sedna_synced: boolean;
  sedna_rec_id: number | null;
  sedna_sync_at: string | null;
  status: RowStatus;
  insert_sent_at: string | null;
  insert_sedna_connection: string | null;
}

/** Rows as they were before a re-sync readied them (restoreAfterResync puts them back). */
export interface ResyncSnapshot {
  stopSales: StopSaleSyncColumns[];
  reservations: ReservationSyncColumns[];
}

/** The constraint a concurrent import's voucher breaks (migrations). */
const VOUCHER_CONSTRAINT = 'uq_reservations_tenant_voucher';

const ITEM_TABLES: Record<ItemType, string> = {
  stop_sale: 'stop_sales',
  reservation: 'reservations',
};

/** A `date` column as `YYYY-MM-DD` (the driver would make it a Date at local midnight). */
const day = (column: string) => `${column}::text AS ${column}`;

const EMAIL_COLUMNS =
  'id, tenant_id, message_id, subject, sender, received_at, email_type, status, created_at';

/** The sync state an item summary shows; with sedna_hotel_id, all of SyncStateColumns. */
const LISTED_SYNC_STATE = 'status, sedna_synced, sedna_rec_id, sedna_sync_at';

/** What a summary shows of a reservation or a stop sale, beside id, email_id and hotel_name. */
const LISTED_COLUMNS: Record<ItemType, string> = {
  reservation: `voucher_no, ${day('check_in')}, ${day('check_out')}, room_type, board_type`,
  stop_sale: `${day('date_from')}, ${day('date_to')}, room_types, board_types, is_close`,
};

/** Every column of an item's row, by type. */
const ITEM_COLUMNS: Record<ItemType, string> = {
  reservation: `id, tenant_id, email_id, hotel_name, ${LISTED_COLUMNS.reservation}, adults,
    children, amount, currency, guests, insert_sent_at, insert_sedna_connection,
    ${LISTED_SYNC_STATE}, sedna_hotel_id`,
  stop_sale: `id, tenant_id, email_id, hotel_name, ${LISTED_COLUMNS.stop_sale}, reason,
    phase1_declare_date, phase1_sent_at, phase1_sedna_connection, ${LISTED_SYNC_STATE},
    sedna_hotel_id`,
};

interface ItemRowOf {
  stop_sale: StopSaleRow;
  reservation: ReservationRow;
}

export class EmailsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The work in one transaction, with a repository on it. */
  transaction<T>(work: (repo: EmailsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((db) => work(new EmailsRepository(db)));
  }

  // --- import ---

  /**
   * Inserts the e-mails not stored yet; returns the new ids by message id. ON CONFLICT DO
   * NOTHING makes a concurrent identical import wait for ours and then skip the rows. Sorted by
   * message id so two imports never lock in opposite orders.
   */
  async insertEmails(tenantId: string, emails: EmailInputDto[]): Promise<Map<string, number>> {
    const records = emails.map((email) => ({
      message_id: email.message_id,
      subject: email.subject,
      sender: email.sender,
      received_at: email.received_at,
      email_type: email.email_type,
    }));
    const rows: { id: number; message_id: string }[] = await this.db.query(
      `INSERT INTO emails (tenant_id, message_id, subject, sender, received_at, email_type)
       SELECT $1, e.message_id, e.subject, e.sender, e.received_at, e.email_type
       FROM jsonb_to_recordset($2::jsonb)
         AS e(message_id text, subject text, sender text, received_at timestamptz, email_type text)
       ORDER BY e.message_id
       ON CONFLICT ON CONSTRAINT uq_emails_tenant_message DO NOTHING
       RETURNING id, message_id`,
      [tenantId, JSON.stringify(records)],
    );
    return new Map(rows.map((row) => [row.message_id, row.id]));
  }

  /** Ids of the tenant's stored e-mails with these message ids, by message id. */
  async idsByMessageId(tenantId: string, messageIds: string[]): Promise<Map<string, number>> {
    if (!messageIds.length) return new Map();
    const rows: Pick<EmailRow, 'id' | 'message_id'>[] = await this.db.query(
      'SELECT id, message_id FROM emails WHERE tenant_id = $1 AND message_id = ANY($2::varchar[])',
      [tenantId, messageIds],
    );
    return new Map(rows.map((row) => [row.message_id, row.id]));
  }

  /** The e-mail each of these vouchers already belongs to, by voucher (stored ones only). */
  async voucherOwners(tenantId: string, vouchers: string[]): Promise<Map<string, number>> {
    if (!vouchers.length) return new Map();
    const stored: Pick<ReservationRow, 'voucher_no' | 'email_id'>[] = await this.db.query(
      `SELECT voucher_no, email_id FROM reservations
        WHERE tenant_id = $1 AND voucher_no = ANY($2::varchar[])`,
      [tenantId, vouchers],
    );
    return new Map(stored.map((row) => [row.voucher_no, row.email_id]));
  }

  async insertStopSales(
    tenantId: string,
    records: ReturnType<typeof stopSaleRecords>,
  ): Promise<void> {
    if (!records.length) return;
    await this.db.query(
      `INSERT INTO stop_sales
         (tenant_id, email_id, hotel_name, date_from, date_to, room_types, board_types, is_close, reason)
       SELECT $1, s.email_id, s.hotel_name, s.date_from, s.date_to, s.room_types, s.board_types,
              s.is_close, s.reason
       FROM jsonb_to_recordset($2::jsonb) AS s(n int, email_id int, hotel_name text, date_from date,
         date_to date, room_types text[], board_types text[], is_close boolean, reason text)
       ORDER BY s.n`,
      [tenantId, JSON.stringify(records)],
    );
  }

  async insertReservations(
    tenantId: string,
    records: ReturnType<typeof reservationRecords>,
  ): Promise<void> {
    if (!records.length) return;
    await this.db.query(
      `INSERT INTO reservations
         (tenant_id, email_id, voucher_no, hotel_name, check_in, check_out, room_type, board_type,
          adults, children, amount, currency, guests)
       SELECT $1, r.email_id, r.voucher_no, r.hotel_name, r.check_in, r.check_out, r.room_type,
              r.board_type, r.adults, r.children, r.amount, r.currency, r.guests
       FROM jsonb_to_recordset($2::jsonb) AS r(n int, email_id int, voucher_no text,
         hotel_name text, check_in date, check_out date, room_type text, board_type text,
         adults int, children int, amount numeric, currency text, guests jsonb)
       ORDER BY r.n`,
      [tenantId, JSON.stringify(records)],
    );
  }

  /**
   * Of a failed insert: the voucher a concurrent import stored between our check and our
   * insert (undefined when it is unknown), or null when the error is another one.
   */
  static racedVoucher(err: unknown): string | undefined | null {
    const driverError =
      err instanceof QueryFailedError
        ? (err.driverError as { constraint?: string; detail?: string })
        : {};
    if (driverError.constraint !== VOUCHER_CONSTRAINT) return null;
    return /=\([^,]*, (.*)\) already exists/.exec(driverError.detail ?? '')?.[1];
  }

  // --- the pending list ---

  /** One page of the list under `filter`, newest first, and how many match. */
  async pendingPage(
    tenantId: string,
    filter: PendingEmailsFilterDto,
    page: number,
    limit: number,
  ): Promise<{ emails: PendingEmailRow[]; total: number }> {
    const params: unknown[] = [];
    const where = pendingWhere(tenantId, filter, params);
    const at = params.length;
    const [emails, [{ total }]] = (await Promise.all([
      this.db.query(
        `SELECT id, subject, sender, email_type, status, received_at FROM emails WHERE ${where}
          ORDER BY received_at DESC, id DESC LIMIT $${at + 1} OFFSET $${at + 2}`,
        [...params, limit, (page - 1) * limit],
      ),
      this.db.query(`SELECT count(*)::int AS total FROM emails WHERE ${where}`, params),
    ])) as [PendingEmailRow[], { total: number }[]];
    return { emails, total };
  }

  /** Ids of the e-mails the list shows under `filter`, newest first, at most `limit`. */
  async pendingIds(
    tenantId: string,
    filter: PendingEmailsFilterDto,
    limit: number,
  ): Promise<number[]> {
    const params: unknown[] = [];
    const where = pendingWhere(tenantId, filter, params);
    const rows = (await this.db.query(
      `SELECT id FROM emails WHERE ${where}
        ORDER BY received_at DESC, id DESC LIMIT $${params.length + 1}`,
      [...params, limit],
    )) as { id: number }[];
    return rows.map((row) => row.id);
  }

  /** How many e-mails the list shows under `filter`. */
  async countPending(tenantId: string, filter: PendingEmailsFilterDto): Promise<number> {
    const params: unknown[] = [];
    const where = pendingWhere(tenantId, filter, params);
    const [{ total }] = (await this.db.query(
      `SELECT count(*)::int AS total FROM emails WHERE ${where}`,
      params,
    )) as { total: number }[];
    return total;
  }

  /**
   * The first LISTED_ITEMS rows of each e-mail (the columns a summary shows) and how many each
   * has. Each e-mail's first ids come from the (tenant_id, email_id, id) index.
   */
  async listedRows(
    tenantId: string,
    emailIds: number[],
  ): Promise<{
    reservations: ReservationSummaryRow[];
    stopSales: StopSaleSummaryRow[];
    counts: Map<number, number>;
  }> {
    if (!emailIds.length) return { reservations: [], stopSales: [], counts: new Map() };
    const firstOf = (type: ItemType) =>
      `SELECT first.* FROM unnest($2::int[]) AS e(id)
       CROSS JOIN LATERAL (
         SELECT id, email_id, hotel_name, ${LISTED_COLUMNS[type]}, ${LISTED_SYNC_STATE}
           FROM ${ITEM_TABLES[type]} WHERE tenant_id = $1 AND email_id = e.id
          ORDER BY id LIMIT ${LISTED_ITEMS}) first`;
    const params = [tenantId, emailIds];
    const [reservations, stopSales, counts] = (await Promise.all([
      this.db.query(firstOf('reservation'), params),
      this.db.query(firstOf('stop_sale'), params),
      this.db.query(
        `SELECT email_id, count(*)::int AS n FROM (
           SELECT email_id FROM reservations WHERE tenant_id = $1 AND email_id = ANY($2)
           UNION ALL
           SELECT email_id FROM stop_sales WHERE tenant_id = $1 AND email_id = ANY($2)) items
         GROUP BY email_id`,
        params,
      ),
    ])) as [ReservationSummaryRow[], StopSaleSummaryRow[], { email_id: number; n: number }[]];
    return {
      reservations,
      stopSales,
      counts: new Map(counts.map((row) => [row.email_id, row.n])),
    };
  }

  // --- one e-mail ---

  async findEmail(tenantId: string, id: number): Promise<EmailRow | null> {
    const [row]: EmailRow[] = await this.db.query(
      `SELECT ${EMAIL_COLUMNS} FROM emails WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row ?? null;
  }

  /** All rows of the given e-mails, each kind in id order. */
  async rowsOf(tenantId: string, emailIds: number[]): Promise<EmailRows> {
    if (!emailIds.length) return { reservations: [], stopSales: [] };
    const rowsOf = (type: ItemType) =>
      this.db.query(
        `SELECT ${ITEM_COLUMNS[type]} FROM ${ITEM_TABLES[type]}
          WHERE tenant_id = $1 AND email_id = ANY($2::int[]) ORDER BY id`,
        [tenantId, emailIds],
      );
    const [reservations, stopSales] = (await Promise.all([
      rowsOf('reservation'),
      rowsOf('stop_sale'),
    ])) as [ReservationRow[], StopSaleRow[]];
    return { reservations, stopSales };
  }

  // --- a sync's plan ---

  /** Of these ids, those of the tenant's e-mails. */
  async existingEmailIds(tenantId: string, ids: number[]): Promise<Set<number>> {
    const found: { id: number }[] = await this.db.query(
      'SELECT id FROM emails WHERE tenant_id = $1 AND id = ANY($2::int[])',
      [tenantId, ids],
    );
    return new Set(found.map((row) => row.id));
  }

  /** The stop sales and reservations of the tenant's e-mails, by e-mail, type and id. */
  async itemsOf(tenantId: string, emailIds: number[]): Promise<EmailItem[]> {
    const items: EmailItemRow[] = await this.db.query(
      `SELECT email_id, 'stop_sale' AS item_type, id AS item_id FROM stop_sales WHERE tenant_id = $1 AND email_id = ANY($2::int[])
       UNION ALL
       SELECT email_id, 'reservation', id FROM reservations WHERE tenant_id = $1 AND email_id = ANY($2::int[])
       ORDER BY email_id, item_type, item_id`,
      [tenantId, emailIds],
    );
    return items.map(emailItem);
  }

  // --- what a sync's items are about (the result, progress events, report) ---

  /** What each of the tenant's items given is about; an item whose row is gone is left out. */
  async itemDetails(
    tenantId: string,
    items: { type: ItemType; item_id: number }[],
  ): Promise<ItemDetailsRow[]> {
    if (!items.length) return [];
    return this.db.query(
      `SELECT t.item_type AS type, t.item_id, ${DETAIL_COLUMNS}
         FROM unnest($2::varchar[], $3::int[]) AS t(item_type, item_id)
         LEFT JOIN stop_sales s ON t.item_type = 'stop_sale' AND s.id = t.item_id AND s.tenant_id = $1
         LEFT JOIN reservations r ON t.item_type = 'reservation' AND r.id = t.item_id AND r.tenant_id = $1
        WHERE s.id IS NOT NULL OR r.id IS NOT NULL`,
      [tenantId, items.map((i) => i.type), items.map((i) => i.item_id)],
    );
  }

  /** The subjects of the tenant's e-mails given, by id. */
  async subjects(tenantId: string, emailIds: number[]): Promise<Map<number, string>> {
    if (!emailIds.length) return new Map();
    const rows: { id: number; subject: string }[] = await this.db.query(
      'SELECT id, subject FROM emails WHERE tenant_id = $1 AND id = ANY($2::int[])',
      [tenantId, emailIds],
    );
    return new Map(rows.map((row) => [row.id, row.subject]));
  }

  /**
   * The tenant's items not synced yet whose row has this status (a scheduled run's candidates),
   * oldest e-mail first, then by e-mail, type and id; `after` one of them, the page after it.
   */
  async unsyncedItems(
    tenantId: string,
    status: 'pending' | 'failed',
    after: EmailItem | null,
    limit: number,
  ): Promise<EmailItem[]> {
    const params: unknown[] = [tenantId, status, limit];
    const afterClause = after
      ? `WHERE (e.received_at, x.email_id, x.item_type, x.item_id) >
               ((SELECT received_at FROM emails WHERE id = $4), $4, $5::text, $6)`
      : '';
    if (after) params.push(after.emailId, after.type, after.itemId);
    const rows: EmailItemRow[] = await this.db.query(
      `SELECT x.email_id, x.item_type, x.item_id
         FROM (SELECT email_id, 'stop_sale' AS item_type, id AS item_id FROM stop_sales
                WHERE tenant_id = $1 AND NOT sedna_synced AND status = $2
               UNION ALL
               SELECT email_id, 'reservation', id FROM reservations
                WHERE tenant_id = $1 AND NOT sedna_synced AND status = $2) x
         JOIN emails e ON e.id = x.email_id
        ${afterClause}
        ORDER BY e.received_at, x.email_id, x.item_type, x.item_id
        LIMIT $3`,
      params,
    );
    return rows.map(emailItem);
  }

  // --- an item's row (the worker) ---

  /** The tenant's stop sale or reservation, or null. */
  async findItem(tenantId: string, type: ItemType, id: number): Promise<ItemRow | null> {
    const row = await this.itemRow(tenantId, type, id);
    return row && ({ type, row } as ItemRow);
  }

  stopSale(tenantId: string, id: number): Promise<StopSaleRow> {
    return this.existingItemRow(tenantId, 'stop_sale', id);
  }

  reservation(tenantId: string, id: number): Promise<ReservationRow> {
    return this.existingItemRow(tenantId, 'reservation', id);
  }

  private async itemRow<T extends ItemType>(
    tenantId: string,
    type: T,
    id: number,
  ): Promise<ItemRowOf[T] | null> {
    const [row]: ItemRowOf[T][] = await this.db.query(
      `SELECT ${ITEM_COLUMNS[type]} FROM ${ITEM_TABLES[type]} WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId],
    );
    return row ?? null;
  }

  private async existingItemRow<T extends ItemType>(
    tenantId: string,
    type: T,
    id: number,
  ): Promise<ItemRowOf[T]> {
    const row = await this.itemRow(tenantId, type, id);
    if (!row) throw new Error(`${type} ${id} of tenant ${tenantId} not found`);
    return row;
  }

  /**
   * Sets the stop sale's Phase 1 "sent" mark (and the DeclareDate and the Sedna connection it
   * was sent with) unless it is set already (two attempts racing); false when it was.
   */
  async markPhase1Sent(id: number, declareDate: string, connection: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.db.query(
      `UPDATE stop_sales SET phase1_declare_date = $2, phase1_sent_at = $3,
         phase1_sedna_connection = $4
       WHERE id = $1 AND phase1_sent_at IS NULL`,
      [id, declareDate, new Date(), connection],
    );
    return affected > 0;
  }

  async clearPhase1Sent(id: number): Promise<void> {
    await this.db.query('UPDATE stop_sales SET phase1_sent_at = NULL WHERE id = $1', [id]);
  }

  /** The id of the stop sale's Phase 1 header when it exists in Sedna, else null. */
  async stopSaleSednaId(tenantId: string, id: number): Promise<number | null> {
    const [row]: Pick<StopSaleRow, 'sedna_rec_id'>[] = await this.db.query(
      'SELECT sedna_rec_id FROM stop_sales WHERE id = $1 AND tenant_id = $2',
      [id, tenantId],
    );
    return row?.sedna_rec_id ?? null;
  }

  /**
   * Stop sales whose Phase 1 header is in Sedna without their rooms (all tenants), by row status:
   * `pending` while Phase 2 is still to come, `failed` when it failed.
   */
  stopSalesWithoutRooms(): Promise<{ status: RowStatus; n: number }[]> {
    return this.db.query(
      `SELECT status, count(*)::int AS n FROM stop_sales
        WHERE sedna_rec_id IS NOT NULL AND NOT sedna_synced GROUP BY status`,
    );
  }

  /** Phase 1 answered: the header's RecId, hotel and Sedna connection; the mark is cleared. */
  async storePhase1(
    id: number,
    sednaId: number,
    hotelId: number,
    connection: string,
  ): Promise<void> {
    await this.db.query(
      `UPDATE stop_sales SET sedna_rec_id = $2, phase1_sent_at = NULL, sedna_hotel_id = $3,
         phase1_sedna_connection = $4
       WHERE id = $1`,
      [id, sednaId, hotelId, connection],
    );
  }

  /** Sets the reservation's "sent" mark unless it is set already; false when it was. */
  async markInsertSent(id: number, connection: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.db.query(
      `UPDATE reservations SET insert_sent_at = $2, insert_sedna_connection = $3
        WHERE id = $1 AND insert_sent_at IS NULL`,
      [id, new Date(), connection],
    );
    return affected > 0;
  }

  async clearInsertSent(id: number): Promise<void> {
    await this.db.query('UPDATE reservations SET insert_sent_at = NULL WHERE id = $1', [id]);
  }

  /** The insert answered: the reservation's RecId and hotel; the mark is cleared. */
  async storeInsert(id: number, sednaId: number, hotelId: number): Promise<void> {
    await this.db.query(
      `UPDATE reservations SET sedna_rec_id = $2, insert_sent_at = NULL, sedna_hotel_id = $3
        WHERE id = $1`,
      [id, sednaId, hotelId],
    );
  }

  // --- a re-sync after a drift check (SPEC §12) ---

  /**
   * Readies items a drift check found drifted for the normal sync, in the run's transaction
   * (rows locked): `phase2` (a stop sale whose header is still in Sedna) is only marked not
   * synced, its RecId kept, so the sync skips Phase 1; `afresh` (Sedna no longer holds it) also
   * loses its Sedna id and its "sent" mark, so it is created again. An item whose row holds
   * another Sedna id than the check saw (synced again since), or is gone, is not touched:
   * `stale`. An `afresh` item already reset (no id, not synced) is left as it is. `before` holds
   * the changed rows as they were, for `restoreAfterResync`.
   */
  async resetForResync(
    tenantId: string,
    items: ResyncReset[],
  ): Promise<{ before: ResyncSnapshot; stale: ResyncReset[] }> {
    const ids = (type: ItemType) => items.filter((i) => i.type === type).map((i) => i.itemId);
    const stopSales: StopSaleSyncColumns[] = await this.db.query(
      `SELECT id, sedna_synced, sedna_rec_id, sedna_sync_at::text AS sedna_sync_at, status,
              phase1_sent_at::text AS phase1_sent_at,
              phase1_declare_date, phase1_sedna_connection
         FROM stop_sales WHERE tenant_id = $1 AND id = ANY($2::int[]) ORDER BY id FOR UPDATE`,
      [tenantId, ids('stop_sale')],
    );
    const reservations: ReservationSyncColumns[] = await this.db.query(
      `SELECT id, sedna_synced, sedna_rec_id, sedna_sync_at::text AS sedna_sync_at, status,
              insert_sent_at::text AS insert_sent_at,
              insert_sedna_connection
         FROM reservations WHERE tenant_id = $1 AND id = ANY($2::int[]) ORDER BY id FOR UPDATE`,
      [tenantId, ids('reservation')],
    );
    const rows = { stop_sale: stopSales, reservation: reservations };
    const stale: ResyncReset[] = [];
    const change = {
      phase2: [] as number[],
      stop_sale: [] as number[],
      reservation: [] as number[],
    };
    for (const item of items) {
      const row = rows[item.type].find((r) => r.id === item.itemId);
      const seen = row && item.seenSednaId !== null && row.sedna_rec_id === item.seenSednaId;
      const alreadyReset = row && row.sedna_rec_id === null && !row.sedna_synced;
      if (seen && item.way === 'phase2') change.phase2.push(item.itemId);
      else if (seen) change[item.type].push(item.itemId);
      else if (!(alreadyReset && item.way === 'afresh')) stale.push(item);
    }
    const notSynced = `sedna_synced = false, status = 'pending', sedna_sync_at = NULL`;
    await this.db.query(
      `UPDATE stop_sales SET ${notSynced} WHERE tenant_id = $1 AND id = ANY($2::int[])`,
      [tenantId, change.phase2],
    );
    await this.db.query(
      `UPDATE stop_sales SET ${notSynced}, sedna_rec_id = NULL, phase1_sent_at = NULL,
              phase1_declare_date = NULL, phase1_sedna_connection = NULL
        WHERE tenant_id = $1 AND id = ANY($2::int[])`,
      [tenantId, change.stop_sale],
    );
    await this.db.query(
      `UPDATE reservations SET ${notSynced}, sedna_rec_id = NULL, insert_sent_at = NULL,
              insert_sedna_connection = NULL
        WHERE tenant_id = $1 AND id = ANY($2::int[])`,
      [tenantId, change.reservation],
    );
    const changed = new Set([...change.phase2, ...change.stop_sale]);
    const reset = new Set(change.reservation);
    return {
      before: {
        stopSales: stopSales.filter((r) => changed.has(r.id)),
        reservations: reservations.filter((r) => reset.has(r.id)),
      },
      stale,
    };
  }

  /**
   * Puts back rows `resetForResync` changed, when the run they were readied for could not
   * start; a row some sync has sent since (a Sedna id or a "sent" mark of its own) is left.
   */
  async restoreAfterResync(tenantId: string, before: ResyncSnapshot): Promise<void> {
    await this.db.query(
      `UPDATE stop_sales s SET sedna_synced = b.sedna_synced, sedna_rec_id = b.sedna_rec_id,
              sedna_sync_at = b.sedna_sync_at, status = b.status, phase1_sent_at = b.phase1_sent_at,
              phase1_declare_date = b.phase1_declare_date,
              phase1_sedna_connection = b.phase1_sedna_connection
         FROM json_populate_recordset(NULL::stop_sales, $2::json) b
        WHERE s.id = b.id AND s.tenant_id = $1 AND NOT s.sedna_synced
          AND s.phase1_sent_at IS NULL AND (s.sedna_rec_id IS NULL OR s.sedna_rec_id = b.sedna_rec_id)`,
      [tenantId, JSON.stringify(before.stopSales)],
    );
    await this.db.query(
      `UPDATE reservations r SET sedna_synced = b.sedna_synced, sedna_rec_id = b.sedna_rec_id,
              sedna_sync_at = b.sedna_sync_at, status = b.status, insert_sent_at = b.insert_sent_at,
              insert_sedna_connection = b.insert_sedna_connection
         FROM json_populate_recordset(NULL::reservations, $2::json) b
        WHERE r.id = b.id AND r.tenant_id = $1 AND NOT r.sedna_synced
          AND r.insert_sent_at IS NULL AND r.sedna_rec_id IS NULL`,
      [tenantId, JSON.stringify(before.reservations)],
    );
  }

  /** Holds the e-mail's row until commit: items of one e-mail finish one after the other. */
  async lockEmail(emailId: number): Promise<void> {
    await this.db.query('SELECT 1 FROM emails WHERE id = $1 FOR UPDATE', [emailId]);
  }

  /** An item's outcome on its row: synced (success), or failed unless it was synced before. */
  async recordItemStatus(
    tenantId: string,
    type: ItemType,
    id: number,
    status: Exclude<RowStatus, 'pending'>,
  ): Promise<void> {
    const table = ITEM_TABLES[type];
    if (status === 'success') {
      await this.db.query(
        `UPDATE ${table} SET sedna_synced = true, status = 'success',
           sedna_sync_at = COALESCE(sedna_sync_at, now()) WHERE id = $1 AND tenant_id = $2`,
        [id, tenantId],
      );
    } else {
      await this.db.query(
        `UPDATE ${table} SET status = 'failed' WHERE id = $1 AND tenant_id = $2 AND NOT sedna_synced`,
        [id, tenantId],
      );
    }
  }

  /** Marks the e-mail processed once all its rows are synced, failed when one of them failed. */
  async refreshEmailStatus(tenantId: string, emailId: number): Promise<void> {
    await this.db.query(
      `WITH item_rows AS (
         SELECT sedna_synced AS synced, status FROM stop_sales WHERE tenant_id = $1 AND email_id = $2
         UNION ALL
         SELECT sedna_synced, status FROM reservations WHERE tenant_id = $1 AND email_id = $2)
       UPDATE emails SET status = CASE
         WHEN NOT EXISTS (SELECT 1 FROM item_rows WHERE NOT synced) THEN 'processed'
         WHEN EXISTS (SELECT 1 FROM item_rows WHERE status = 'failed') THEN 'failed'
         ELSE status END
       WHERE id = $2 AND tenant_id = $1`,
      [tenantId, emailId],
    );
  }
}

/** `%`, `_` and `\` of a search match themselves in ILIKE (whose escape character is `\`). */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The list's WHERE: the tenant, the status (pending unless given), the type, search and bounds. */
function pendingWhere(tenantId: string, filter: PendingEmailsFilterDto, params: unknown[]): string {
  params.push(tenantId, filter.status ?? 'pending', filter.type ?? null);
  return [
    'tenant_id = $1 AND status = $2 AND ($3::text IS NULL OR email_type = $3)',
    ...pendingSearchClauses(filter, params),
  ].join(' AND ');
}

/**
 * SQL conditions on `emails` for the list's search and received-at bounds (both inclusive),
 * their values appended to `params`, whose `$1` is the tenant id. The search looks at the
 * e-mail's subject and sender (within the tenant's rows its status index narrowed) and at the
 * hotel names and vouchers of the tenant's reservations and stop sales (read once each through
 * their (tenant_id, email_id) indexes, never another tenant's rows).
 */
export function pendingSearchClauses(query: PendingEmailsFilterDto, params: unknown[]): string[] {
  const clauses: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (query.search) {
    const p = param(likePattern(query.search));
    // ICU's root locale folds the case of every script; the database's own (C in many
    // installations) may fold ASCII only.
    const matches = (column: string) => `${column} ILIKE ${p} COLLATE "und-x-icu"`;
    clauses.push(`(${matches('subject')} OR ${matches('sender')}
      OR id IN (SELECT email_id FROM reservations WHERE tenant_id = $1
                 AND (${matches('hotel_name')} OR ${matches('voucher_no')}))
      OR id IN (SELECT email_id FROM stop_sales WHERE tenant_id = $1 AND ${matches('hotel_name')}))`);
  }
  if (query.received_from) {
    clauses.push(
      `received_at >= ${param(receivedBoundInstant(query.received_from, 'from'))}::timestamptz`,
    );
  }
  if (query.received_to) {
    clauses.push(
      `received_at <= ${param(receivedBoundInstant(query.received_to, 'to'))}::timestamptz`,
    );
  }
  return clauses;
}
