import type { EmailRow, ReservationRow, StopSaleRow } from '../../src/emails/email-rows';
import { parsedData, pendingEmailView } from '../../src/emails/email-views';

const syncState = {
  status: 'pending' as const,
  sedna_hotel_id: null,
  sedna_synced: false,
  sedna_rec_id: null,
  sedna_sync_at: null,
};

const reservation = (id: number, voucherNo: string): ReservationRow => ({
  ...syncState,
  id,
  tenant_id: 't',
  email_id: 1,
  voucher_no: voucherNo,
  hotel_name: 'Grand Paradise Resort',
  check_in: '2025-01-15',
  check_out: '2025-01-22',
  room_type: 'DBL',
  board_type: 'AI',
  adults: 2,
  children: 1,
  amount: '1234.56',
  currency: 'EUR',
  guests: [],
  insert_sent_at: null,
  insert_sedna_connection: null,
});

const stopSale = (id: number): StopSaleRow => ({
  ...syncState,
  id,
  tenant_id: 't',
  email_id: 2,
  hotel_name: 'Mandarin Resort',
  date_from: '2025-04-13',
  date_to: '2025-04-18',
  room_types: null,
  board_types: ['AI'],
  is_close: true,
  reason: null,
  phase1_declare_date: null,
  phase1_sent_at: null,
  phase1_sedna_connection: null,
  sedna_synced: true,
  sedna_rec_id: 823259,
  sedna_sync_at: new Date('2025-04-12T10:00:00Z'),
});

describe('parsedData', () => {
  it('takes the picking fields of a reservation e-mail from its first reservation', () => {
    const data = parsedData({
      reservations: [reservation(5, 'V1'), reservation(6, 'V2')],
      stopSales: [],
    });
    expect(data).toEqual({
      voucher_no: 'V1',
      hotel_name: 'Grand Paradise Resort',
      check_in: '2025-01-15',
      check_out: '2025-01-22',
      room_type: 'DBL',
      board_type: 'AI',
      items: [
        expect.objectContaining({
          type: 'reservation',
          item_id: 5,
          voucher_no: 'V1',
          sedna_synced: false,
        }),
        expect.objectContaining({ type: 'reservation', item_id: 6, voucher_no: 'V2' }),
      ],
    });
  });

  it('takes the picking fields of a stop-sale e-mail from its first stop sale, with sync state', () => {
    expect(parsedData({ reservations: [], stopSales: [stopSale(9)] })).toEqual({
      hotel_name: 'Mandarin Resort',
      date_from: '2025-04-13',
      date_to: '2025-04-18',
      room_types: null,
      items: [
        {
          type: 'stop_sale',
          item_id: 9,
          hotel_name: 'Mandarin Resort',
          date_from: '2025-04-13',
          date_to: '2025-04-18',
          room_types: null,
          board_types: ['AI'],
          is_close: true,
          status: 'pending',
          sedna_synced: true,
          sedna_id: 823259,
          sedna_rec_id: 823259,
          sedna_sync_at: '2025-04-12T10:00:00.000Z',
        },
      ],
    });
  });

  it('is just an empty item list for an e-mail without rows', () => {
    expect(parsedData({ reservations: [], stopSales: [] })).toEqual({ items: [] });
  });
});

describe('pendingEmailView', () => {
  it('has exactly the fields of seed 000 §4', () => {
    const email: EmailRow = {
      id: 1,
      tenant_id: 't',
      message_id: 'm',
      subject: 'S',
      sender: 'x@y.test',
      received_at: new Date('2025-01-02T05:00:00Z'),
      email_type: 'unknown',
      status: 'pending',
      created_at: new Date(),
    };
    expect(
      Object.keys(pendingEmailView(email, { reservations: [], stopSales: [] })).sort(),
    ).toEqual(['email_type', 'id', 'parsed_data', 'received_at', 'sender', 'status', 'subject']);
  });
});
