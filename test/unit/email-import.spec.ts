import {
  firstOccurrences,
  repeatedVoucherProblems,
  reservationRecords,
  stopSaleRecords,
} from '../../src/emails/email-import';
import type { EmailInputDto } from '../../src/emails/import-emails.dto';

const email = (messageId: string, vouchers: string[] = []): EmailInputDto => ({
  message_id: messageId,
  subject: 's',
  sender: 'x',
  received_at: '2025-01-01T00:00:00Z',
  email_type: vouchers.length ? 'reservation' : 'stopsale',
  reservations: vouchers.map((voucher) => ({
    voucher_no: voucher,
    hotel_name: 'H',
    check_in: '2025-01-15',
    check_out: '2025-01-22',
    room_type: 'DBL',
    board_type: 'AI',
    adults: 2,
    children: 0,
    amount: 10,
    currency: 'EUR',
    guests: [{ title: 'Mr', first_name: 'A', last_name: 'B' }],
  })),
});

describe('firstOccurrences', () => {
  it('keeps the first copy of each message id with its position', () => {
    const entries = firstOccurrences([email('a'), email('b'), email('a'), email('c')]);
    expect(entries.map(({ index, email: e }) => [index, e.message_id])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [3, 'c'],
    ]);
  });
});

describe('repeatedVoucherProblems', () => {
  it('names each repeat and where the voucher first appeared', () => {
    const entries = firstOccurrences([
      email('a', ['V1', 'V2']),
      email('b', ['V3']),
      email('c', ['V2', 'V1']),
    ]);
    expect(repeatedVoucherProblems(entries)).toEqual([
      {
        field: 'emails[2].reservations[0].voucher_no',
        code: 'VOUCHER_REPEATED',
        message:
          'voucher V2 is repeated in this request (see emails[0].reservations[1].voucher_no)',
      },
      {
        field: 'emails[2].reservations[1].voucher_no',
        code: 'VOUCHER_REPEATED',
        message:
          'voucher V1 is repeated in this request (see emails[0].reservations[0].voucher_no)',
      },
    ]);
  });

  it('ignores the vouchers of a repeated message id (it is a duplicate, not stored twice)', () => {
    expect(
      repeatedVoucherProblems(firstOccurrences([email('a', ['V1']), email('a', ['V1'])])),
    ).toEqual([]);
  });
});

describe('row records', () => {
  it('fills defaults and keeps request order', () => {
    const withStopSales: EmailInputDto = {
      ...email('s'),
      stop_sales: [
        {
          hotel_name: 'H',
          date_from: '2025-01-01',
          date_to: '2025-01-02',
          room_types: [],
          board_types: ['AI'],
          is_close: true,
        },
        {
          hotel_name: 'H',
          date_from: '2025-02-01',
          date_to: '2025-02-02',
          room_types: null,
          board_types: null,
          is_close: false,
          reason: 'Full',
        },
      ],
    };
    const ids = new Map([
      ['s', 7],
      ['r', 8],
    ]);
    expect(stopSaleRecords(firstOccurrences([withStopSales]), ids)).toEqual([
      expect.objectContaining({
        n: 0,
        email_id: 7,
        room_types: null,
        board_types: ['AI'],
        reason: null,
      }),
      expect.objectContaining({
        n: 1,
        email_id: 7,
        room_types: null,
        board_types: null,
        reason: 'Full',
      }),
    ]);
    const [reservation] = reservationRecords(firstOccurrences([email('r', ['V1'])]), ids);
    expect(reservation).toMatchObject({ n: 0, email_id: 8, voucher_no: 'V1' });
    expect(reservation.guests).toEqual([
      {
        title: 'Mr',
        first_name: 'A',
        last_name: 'B',
        birth_date: null,
        nationality: null,
        passport_no: null,
      },
    ]);
  });
});
