import { Email } from '../../src/emails/email.entity';
import { parsedData, pendingEmailView } from '../../src/emails/email-views';
import { Reservation } from '../../src/emails/reservation.entity';
import { StopSale } from '../../src/emails/stop-sale.entity';

const syncState = {
  status: 'pending' as const,
  sednaHotelId: null,
  sednaSynced: false,
  sednaId: null,
  sednaSyncAt: null,
};

const reservation = (id: number, voucherNo: string): Reservation =>
  Object.assign(new Reservation(), {
    ...syncState,
    id,
    tenantId: 't',
    emailId: 1,
    voucherNo,
    hotelName: 'Grand Paradise Resort',
    checkIn: '2025-01-15',
    checkOut: '2025-01-22',
    roomType: 'DBL',
    boardType: 'AI',
    adults: 2,
    children: 1,
    amount: '1234.56',
    currency: 'EUR',
    guests: [],
  });

const stopSale = (id: number): StopSale =>
  Object.assign(new StopSale(), {
    ...syncState,
    id,
    tenantId: 't',
    emailId: 2,
    hotelName: 'Mandarin Resort',
    dateFrom: '2025-04-13',
    dateTo: '2025-04-18',
    roomTypes: null,
    boardTypes: ['AI'],
    isClose: true,
    reason: null,
    sednaSynced: true,
    sednaId: 823259,
    sednaSyncAt: new Date('2025-04-12T10:00:00Z'),
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
    const email = Object.assign(new Email(), {
      id: 1,
      tenantId: 't',
      messageId: 'm',
      subject: 'S',
      sender: 'x@y.test',
      receivedAt: new Date('2025-01-02T05:00:00Z'),
      emailType: 'unknown',
      status: 'pending',
      createdAt: new Date(),
    });
    expect(
      Object.keys(pendingEmailView(email, { reservations: [], stopSales: [] })).sort(),
    ).toEqual(['email_type', 'id', 'parsed_data', 'received_at', 'sender', 'status', 'subject']);
  });
});
