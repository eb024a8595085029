import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
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
import { emailDetailView, EmailRows, pendingEmailView } from './email-views';
import type { ImportEmailsDto, ImportEmailsResultDto } from './import-emails.dto';
import type { PendingEmailsQueryDto } from './pending-emails-query.dto';
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

  /** Without a status filter the list holds pending e-mails only, as its name says. */
  async listPending(tenantId: string, query: PendingEmailsQueryDto): Promise<PendingEmailsPageDto> {
    const { page, limit } = query;
    const [emails, total] = await this.emails.findAndCount({
      where: {
        tenantId,
        status: query.status ?? 'pending',
        ...(query.type && { emailType: query.type }),
      },
      order: { receivedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    const rows = await this.rowsOf(
      tenantId,
      emails.map((email) => email.id),
    );
    return {
      items: emails.map((email) => pendingEmailView(email, rows(email.id))),
      total,
      page,
      pages: Math.ceil(total / limit),
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
