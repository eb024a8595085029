import { Injectable } from '@nestjs/common';
import {
  firstOccurrences,
  IndexedEmail,
  repeatedVoucherProblems,
  reservationRecords,
  stopSaleRecords,
  vouchersOf,
} from './email-import';
import type { Page } from '../contract/views';
import type { MatchingEmailIds, PendingEmail } from '../contract/views-emails';
import type { EmailDetailDto } from './email-views.dto';
import { emailDetailView, EmailRows, pendingEmailView, SummaryRows } from './email-views';
import { EmailsRepository } from './emails.repository';
import type { ImportEmailsDto, ImportEmailsResultDto } from './import-emails.dto';
import {
  LISTED_ITEMS,
  type PendingEmailsFilterDto,
  type PendingEmailsQueryDto,
} from './pending-emails-query.dto';
import { FieldProblem, ProblemException, fieldProblem } from '../common/problem';
import { EmailsErrorCode } from './emails.errors';

const MAX_PROBLEMS_LISTED = 20;

function rejectIfAny(problems: FieldProblem[]): void {
  if (problems.length) {
    const listed = problems.slice(0, MAX_PROBLEMS_LISTED);
    throw new ProblemException(
      400,
      listed[0].code,
      listed.map((p) => `${p.field}: ${p.message}`).join('; '),
      { errors: listed },
    );
  }
}

@Injectable()
export class EmailsService {
  constructor(private readonly repo: EmailsRepository) {}

  /** All or nothing, in one transaction; idempotent on message id per tenant. */
  async importEmails(tenantId: string, dto: ImportEmailsDto): Promise<ImportEmailsResultDto> {
    const unique = firstOccurrences(dto.emails);
    rejectIfAny(repeatedVoucherProblems(unique));
    const { created, ids } = await this.repo
      .transaction((repo) => this.store(repo, tenantId, unique))
      .catch((err: unknown) => this.rethrowVoucherRace(err, unique));
    return {
      created,
      duplicates: dto.emails.length - created,
      ids: dto.emails.map((email) => ids.get(email.message_id) as number),
    };
  }

  private async store(repo: EmailsRepository, tenantId: string, unique: IndexedEmail[]) {
    const created = await repo.insertEmails(
      tenantId,
      unique.map(({ email }) => email),
    );
    const fresh = unique.filter(({ email }) => created.has(email.message_id));
    await this.rejectStoredVouchers(repo, tenantId, fresh);
    await repo.insertStopSales(tenantId, stopSaleRecords(fresh, created));
    await repo.insertReservations(tenantId, reservationRecords(fresh, created));
    const existing = await repo.idsByMessageId(
      tenantId,
      unique
        .filter(({ email }) => !created.has(email.message_id))
        .map(({ email }) => email.message_id),
    );
    return { created: created.size, ids: new Map([...existing, ...created]) };
  }

  private async rejectStoredVouchers(
    repo: EmailsRepository,
    tenantId: string,
    fresh: IndexedEmail[],
  ) {
    const vouchers = vouchersOf(fresh);
    if (!vouchers.length) return;
    const owner = await repo.voucherOwners(
      tenantId,
      vouchers.map((v) => v.voucher),
    );
    rejectIfAny(
      vouchers
        .filter(({ voucher }) => owner.has(voucher))
        .map(({ voucher, path }) => ({
          field: path,
          code: EmailsErrorCode.VOUCHER_TAKEN,
          message: `voucher ${voucher} already belongs to e-mail ${owner.get(voucher)}`,
        })),
    );
  }

  /** A concurrent import stored one of our vouchers between our check and our insert. */
  private rethrowVoucherRace(err: unknown, unique: IndexedEmail[]): never {
    const voucher = EmailsRepository.racedVoucher(err);
    if (voucher === null) throw err;
    const path = vouchersOf(unique).find((v) => v.voucher === voucher)?.path ?? 'voucher_no';
    throw fieldProblem(
      path,
      EmailsErrorCode.VOUCHER_TAKEN,
      `${voucher ? `voucher ${voucher}` : 'a voucher'} was just stored by another import`,
    );
  }

  /**
   * Without a status filter the list holds pending e-mails only, as its name says. Plain SQL
   * with the columns shown: a page costs a few milliseconds of the event loop, not tens.
   */
  async listPending(tenantId: string, query: PendingEmailsQueryDto): Promise<Page<PendingEmail>> {
    const { page, limit } = query;
    const { emails, total } = await this.repo.pendingPage(tenantId, query, page, limit);
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
      limit,
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
  ): Promise<MatchingEmailIds> {
    const ids = await this.repo.pendingIds(tenantId, filter, cap + 1);
    if (ids.length > cap) {
      const total = await this.repo.countPending(tenantId, filter);
      throw new ProblemException(
        413,
        EmailsErrorCode.TOO_MANY_MATCHING,
        `${total} e-mails match, at most ${cap} can be synced at once: narrow the search or the dates`,
        { total, max: cap },
      );
    }
    return { ids, total: ids.length };
  }

  /**
   * The first LISTED_ITEMS rows of each e-mail (the columns a summary shows) and how many it has:
   * a page stays small and fast however many items its e-mails carry.
   */
  private async listedRowsOf(tenantId: string, emailIds: number[]) {
    const { reservations, stopSales, counts } = await this.repo.listedRows(tenantId, emailIds);
    const reservationsOf = groupByEmail(reservations);
    const stopSalesOf = groupByEmail(stopSales);
    return {
      rows: (emailId: number): SummaryRows => {
        const ofEmail = reservationsOf.get(emailId) ?? [];
        return {
          reservations: ofEmail,
          stopSales: (stopSalesOf.get(emailId) ?? []).slice(0, LISTED_ITEMS - ofEmail.length),
        };
      },
      count: (emailId: number) => counts.get(emailId) ?? 0,
    };
  }

  async findOne(tenantId: string, id: number): Promise<EmailDetailDto> {
    const email = await this.repo.findEmail(tenantId, id);
    if (!email)
      throw new ProblemException(404, EmailsErrorCode.EMAIL_NOT_FOUND, `E-mail ${id} not found`);
    const rows = await this.rowsOf(tenantId, [id]);
    return emailDetailView(email, rows(id));
  }

  /** The rows of the given e-mails, in id (that is, request) order. */
  private async rowsOf(
    tenantId: string,
    emailIds: number[],
  ): Promise<(emailId: number) => EmailRows> {
    const { reservations, stopSales } = await this.repo.rowsOf(tenantId, emailIds);
    const reservationsOf = groupByEmail(reservations);
    const stopSalesOf = groupByEmail(stopSales);
    return (emailId) => ({
      reservations: reservationsOf.get(emailId) ?? [],
      stopSales: stopSalesOf.get(emailId) ?? [],
    });
  }
}

function groupByEmail<T extends { email_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.email_id);
    if (group) group.push(row);
    else groups.set(row.email_id, [row]);
  }
  return groups;
}
