import {
  BadRequestException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import { Email } from './email.entity';
import {
  firstOccurrences,
  IndexedEmail,
  repeatedVoucherProblems,
  reservationRecords,
  stopSaleRecords,
  vouchersOf,
} from './email-import';
import type { EmailDetailDto, PendingEmailsPageDto } from './email-views.dto';
import {
  emailDetailView,
  EmailRows,
  PendingEmailRow,
  pendingEmailView,
  ReservationSummaryRow,
  StopSaleSummaryRow,
  SummaryRows,
} from './email-views';
import type { ImportEmailsDto, ImportEmailsResultDto } from './import-emails.dto';
import {
  LISTED_ITEMS,
  receivedBoundInstant,
  type PendingEmailsFilterDto,
  type PendingEmailsQueryDto,
} from './pending-emails-query.dto';
import { Reservation } from './reservation.entity';
import { StopSale } from './stop-sale.entity';

const MAX_PROBLEMS_LISTED = 20;
const VOUCHER_CONSTRAINT = 'uq_reservations_tenant_voucher';

function rejectIfAny(problems: string[]): void {
  if (problems.length) {
    throw new BadRequestException({ detail: problems.slice(0, MAX_PROBLEMS_LISTED).join('; ') });
  }
}

@Injectable()
export class EmailsService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Email) private readonly emails: Repository<Email>,
    @InjectRepository(Reservation) private readonly reservations: Repository<Reservation>,
    @InjectRepository(StopSale) private readonly stopSales: Repository<StopSale>,
  ) {}

  /** All or nothing, in one transaction; idempotent on message id per tenant. */
  async importEmails(tenantId: string, dto: ImportEmailsDto): Promise<ImportEmailsResultDto> {
    const unique = firstOccurrences(dto.emails);
    rejectIfAny(repeatedVoucherProblems(unique));
    const { created, ids } = await this.dataSource
      .transaction((db) => this.store(db, tenantId, unique))
      .catch((err: unknown) => this.rethrowVoucherRace(err, unique));
    return {
      created,
      duplicates: dto.emails.length - created,
      ids: dto.emails.map((email) => ids.get(email.message_id) as number),
    };
  }

  private async store(db: EntityManager, tenantId: string, unique: IndexedEmail[]) {
    const created = await this.insertEmails(db, tenantId, unique);
    const fresh = unique.filter(({ email }) => created.has(email.message_id));
    await this.rejectStoredVouchers(db, tenantId, fresh);
    await this.insertStopSales(db, tenantId, fresh, created);
    await this.insertReservations(db, tenantId, fresh, created);
    const existing = await this.existingIds(
      db,
      tenantId,
      unique.filter(({ email }) => !created.has(email.message_id)),
    );
    return { created: created.size, ids: new Map([...existing, ...created]) };
  }

  /**
   * ON CONFLICT DO NOTHING makes a concurrent identical import wait for ours and then skip
   * the rows. Sorted by message id so two imports never lock in opposite orders.
   */
  private async insertEmails(db: EntityManager, tenantId: string, entries: IndexedEmail[]) {
    const records = entries.map(({ email }) => ({
      message_id: email.message_id,
      subject: email.subject,
      sender: email.sender,
      received_at: email.received_at,
      email_type: email.email_type,
    }));
    const rows: { id: number; message_id: string }[] = await db.query(
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

  private async existingIds(db: EntityManager, tenantId: string, entries: IndexedEmail[]) {
    if (!entries.length) return new Map<string, number>();
    const rows = await db.find(Email, {
      select: { id: true, messageId: true },
      where: { tenantId, messageId: In(entries.map(({ email }) => email.message_id)) },
    });
    return new Map(rows.map((row) => [row.messageId, row.id]));
  }

  private async rejectStoredVouchers(db: EntityManager, tenantId: string, fresh: IndexedEmail[]) {
    const vouchers = vouchersOf(fresh);
    if (!vouchers.length) return;
    const stored = await db.find(Reservation, {
      select: { voucherNo: true, emailId: true },
      where: { tenantId, voucherNo: In(vouchers.map((v) => v.voucher)) },
    });
    const owner = new Map(stored.map((row) => [row.voucherNo, row.emailId]));
    rejectIfAny(
      vouchers
        .filter(({ voucher }) => owner.has(voucher))
        .map(
          ({ voucher, path }) =>
            `${path}: voucher ${voucher} already belongs to e-mail ${owner.get(voucher)}`,
        ),
    );
  }

  private async insertStopSales(
    db: EntityManager,
    tenantId: string,
    fresh: IndexedEmail[],
    emailIds: Map<string, number>,
  ) {
    const records = stopSaleRecords(fresh, emailIds);
    if (!records.length) return;
    await db.query(
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

  private async insertReservations(
    db: EntityManager,
    tenantId: string,
    fresh: IndexedEmail[],
    emailIds: Map<string, number>,
  ) {
    const records = reservationRecords(fresh, emailIds);
    if (!records.length) return;
    await db.query(
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

  /** A concurrent import stored one of our vouchers between our check and our insert. */
  private rethrowVoucherRace(err: unknown, unique: IndexedEmail[]): never {
    const driverError =
      err instanceof QueryFailedError
        ? (err.driverError as { constraint?: string; detail?: string })
        : {};
    if (driverError.constraint !== VOUCHER_CONSTRAINT) throw err;
    const voucher = /=\([^,]*, (.*)\) already exists/.exec(driverError.detail ?? '')?.[1];
    const path = vouchersOf(unique).find((v) => v.voucher === voucher)?.path ?? 'voucher_no';
    throw new BadRequestException({
      detail: `${path}: voucher ${voucher ?? ''} was just stored by another import`.trim(),
    });
  }

  /**
   * Without a status filter the list holds pending e-mails only, as its name says. Plain SQL
   * with the columns shown: a page costs a few milliseconds of the event loop, not tens.
   */
  async listPending(tenantId: string, query: PendingEmailsQueryDto): Promise<PendingEmailsPageDto> {
    const { page, limit } = query;
    const filter: unknown[] = [];
    const where = pendingWhere(tenantId, query, filter);
    const at = filter.length;
    const [emails, [{ total }]] = (await Promise.all([
      this.dataSource.query(
        `SELECT id, subject, sender, email_type AS "emailType", status, received_at AS "receivedAt"
           FROM emails WHERE ${where}
          ORDER BY received_at DESC, id DESC LIMIT $${at + 1} OFFSET $${at + 2}`,
        [...filter, limit, (page - 1) * limit],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM emails WHERE ${where}`, filter),
    ])) as [PendingEmailRow[], { total: number }[]];
    const listed = await this.listedRowsOf(
      tenantId,
      emails.map((email) => email.id),
    );
    return {
      items: emails.map((email) => {
        const view = pendingEmailView(email, listed.rows(email.id));
        view.parsed_data.item_count = listed.count(email.id);
        return view;
      }),
      total,
      page,
      pages: Math.ceil(total / limit),
    };
  }

  /**
   * The ids of every e-mail the list shows under `filter`, newest first, and how many: what
   * "select all matching" selects. More than `cap` (what one sync may start with) is a 413
   * saying how many match.
   */
  async matchingIds(
    tenantId: string,
    filter: PendingEmailsFilterDto,
    cap: number,
  ): Promise<{ ids: number[]; total: number }> {
    const params: unknown[] = [];
    const where = pendingWhere(tenantId, filter, params);
    const rows = (await this.dataSource.query(
      `SELECT id FROM emails WHERE ${where}
        ORDER BY received_at DESC, id DESC LIMIT $${params.length + 1}`,
      [...params, cap + 1],
    )) as { id: number }[];
    if (rows.length > cap) {
      const [{ total }] = (await this.dataSource.query(
        `SELECT count(*)::int AS total FROM emails WHERE ${where}`,
        params,
      )) as { total: number }[];
      throw new PayloadTooLargeException({
        detail: `${total} e-mails match, at most ${cap} can be synced at once: narrow the search or the dates`,
      });
    }
    return { ids: rows.map((row) => row.id), total: rows.length };
  }

  /**
   * The first LISTED_ITEMS rows of each e-mail (the columns a summary shows) and how many it has:
   * a page stays small and fast however many items its e-mails carry. Each e-mail's first ids
   * come from the (tenant_id, email_id, id) index.
   */
  private async listedRowsOf(tenantId: string, emailIds: number[]) {
    if (!emailIds.length) {
      return { rows: (): SummaryRows => ({ reservations: [], stopSales: [] }), count: () => 0 };
    }
    const sync = `status, sedna_synced AS "sednaSynced", sedna_rec_id AS "sednaRecId",
                  sedna_sync_at AS "sednaSyncAt"`;
    const firstOf = (table: string, columns: string) =>
      `SELECT first.* FROM unnest($2::int[]) AS e(id)
       CROSS JOIN LATERAL (SELECT id, email_id AS "emailId", hotel_name AS "hotelName", ${columns}, ${sync}
                             FROM ${table} WHERE tenant_id = $1 AND email_id = e.id
                            ORDER BY id LIMIT ${LISTED_ITEMS}) first`;
    const params = [tenantId, emailIds];
    const [reservations, stopSales, counts] = (await Promise.all([
      this.dataSource.query(
        firstOf(
          'reservations',
          `voucher_no AS "voucherNo", check_in::text AS "checkIn", check_out::text AS "checkOut",
           room_type AS "roomType", board_type AS "boardType"`,
        ),
        params,
      ),
      this.dataSource.query(
        firstOf(
          'stop_sales',
          `date_from::text AS "dateFrom", date_to::text AS "dateTo", room_types AS "roomTypes",
           board_types AS "boardTypes", is_close AS "isClose"`,
        ),
        params,
      ),
      this.dataSource.query(
        `SELECT email_id, count(*)::int AS n FROM (
           SELECT email_id FROM reservations WHERE tenant_id = $1 AND email_id = ANY($2)
           UNION ALL
           SELECT email_id FROM stop_sales WHERE tenant_id = $1 AND email_id = ANY($2)) items
         GROUP BY email_id`,
        params,
      ),
    ])) as [ReservationSummaryRow[], StopSaleSummaryRow[], { email_id: number; n: number }[]];
    const reservationsOf = groupByEmail(reservations);
    const stopSalesOf = groupByEmail(stopSales);
    const countOf = new Map(counts.map((row) => [row.email_id, row.n]));
    return {
      rows: (emailId: number): SummaryRows => {
        const ofEmail = reservationsOf.get(emailId) ?? [];
        return {
          reservations: ofEmail,
          stopSales: (stopSalesOf.get(emailId) ?? []).slice(0, LISTED_ITEMS - ofEmail.length),
        };
      },
      count: (emailId: number) => countOf.get(emailId) ?? 0,
    };
  }

  async findOne(tenantId: string, id: number): Promise<EmailDetailDto> {
    const email = await this.emails.findOneBy({ tenantId, id });
    if (!email) throw new NotFoundException({ detail: `E-mail ${id} not found` });
    const rows = await this.rowsOf(tenantId, [id]);
    return emailDetailView(email, rows(id));
  }

  /** The rows of the given e-mails, in id (that is, request) order. */
  private async rowsOf(
    tenantId: string,
    emailIds: number[],
  ): Promise<(emailId: number) => EmailRows> {
    const where = { tenantId, emailId: In(emailIds) };
    const [reservations, stopSales] = emailIds.length
      ? await Promise.all([
          this.reservations.find({ where, order: { id: 'ASC' } }),
          this.stopSales.find({ where, order: { id: 'ASC' } }),
        ])
      : [[], []];
    const reservationsOf = groupByEmail(reservations);
    const stopSalesOf = groupByEmail(stopSales);
    return (emailId) => ({
      reservations: reservationsOf.get(emailId) ?? [],
      stopSales: stopSalesOf.get(emailId) ?? [],
    });
  }
}

function groupByEmail<T extends { emailId: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.emailId);
    if (group) group.push(row);
    else groups.set(row.emailId, [row]);
  }
  return groups;
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
