import type { EmailInputDto } from './import-emails.dto';
import type { Guest } from './email-rows';
import type { FieldProblem } from '../common/problem';
import { EmailsErrorCode } from './emails.errors';

/** An e-mail of the request with its position, for error paths. */
export interface IndexedEmail {
  index: number;
  email: EmailInputDto;
}

/** First occurrence of each message id; later repeats in the request are duplicates of it. */
export function firstOccurrences(emails: EmailInputDto[]): IndexedEmail[] {
  const first = new Map<string, IndexedEmail>();
  emails.forEach((email, index) => {
    if (!first.has(email.message_id)) first.set(email.message_id, { index, email });
  });
  return [...first.values()];
}

export function voucherPath(emailIndex: number, reservationIndex: number): string {
  return `emails[${emailIndex}].reservations[${reservationIndex}].voucher_no`;
}

/** Every reservation of the given e-mails, with the path naming it. */
export function vouchersOf(entries: IndexedEmail[]): { voucher: string; path: string }[] {
  return entries.flatMap(({ index, email }) =>
    (email.reservations ?? []).map((r, i) => ({
      voucher: r.voucher_no,
      path: voucherPath(index, i),
    })),
  );
}

/** Vouchers are unique per tenant, so one request cannot carry the same voucher twice. */
export function repeatedVoucherProblems(entries: IndexedEmail[]): FieldProblem[] {
  const firstPath = new Map<string, string>();
  const problems: FieldProblem[] = [];
  for (const { voucher, path } of vouchersOf(entries)) {
    const first = firstPath.get(voucher);
    if (first)
      problems.push({
        field: path,
        code: EmailsErrorCode.VOUCHER_REPEATED,
        message: `voucher ${voucher} is repeated in this request (see ${first})`,
      });
    else firstPath.set(voucher, path);
  }
  return problems;
}

/** Empty lists mean "all", like null. */
function codesOrNull(codes: string[] | null | undefined): string[] | null {
  return codes?.length ? codes : null;
}

function guestRecord(guest: Guest): Guest {
  return {
    title: guest.title,
    first_name: guest.first_name,
    last_name: guest.last_name,
    birth_date: guest.birth_date ?? null,
    nationality: guest.nationality ?? null,
    passport_no: guest.passport_no ?? null,
  };
}

/** Rows for `jsonb_to_recordset`; `n` keeps the request order in the ids. */
export function stopSaleRecords(entries: IndexedEmail[], emailIds: Map<string, number>) {
  return entries
    .flatMap(({ email }) =>
      (email.stop_sales ?? []).map((s) => ({
        email_id: emailIds.get(email.message_id),
        hotel_name: s.hotel_name,
        date_from: s.date_from,
        date_to: s.date_to,
        room_types: codesOrNull(s.room_types),
        board_types: codesOrNull(s.board_types),
        is_close: s.is_close,
        reason: s.reason ?? null,
      })),
    )
    .map((row, n) => ({ ...row, n }));
}

export function reservationRecords(entries: IndexedEmail[], emailIds: Map<string, number>) {
  return entries
    .flatMap(({ email }) =>
      (email.reservations ?? []).map((r) => ({
        email_id: emailIds.get(email.message_id),
        voucher_no: r.voucher_no,
        hotel_name: r.hotel_name,
        check_in: r.check_in,
        check_out: r.check_out,
        room_type: r.room_type,
        board_type: r.board_type,
        adults: r.adults,
        children: r.children,
        amount: r.amount,
        currency: r.currency,
        guests: r.guests.map(guestRecord),
      })),
    )
    .map((row, n) => ({ ...row, n }));
}
