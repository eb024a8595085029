import { classifyTransportFailure, retryAfterMs } from '../../src/sedna/sedna-errors';
import {
  resolveCodes,
  resolveHotelId,
  ItemRejectedError,
} from '../../src/sedna/reference-resolver';
import {
  ageAt,
  reservationPayload,
  reservationSourceId,
} from '../../src/sedna/reservation-payload';

describe('classifying Sedna transport failures', () => {
  it.each([
    [{ status: 401 }, 'session'],
    [{ status: 429, retryAfter: '3' }, 'rate-limited'],
    [{ status: 500 }, 'uncertain'],
    [{ status: 503 }, 'uncertain'],
    [{ status: 400 }, 'rejected'],
    [{ status: 404 }, 'rejected'],
    [{ status: 302 }, 'rejected'],
    [{ code: 'ECONNREFUSED' }, 'not-sent'],
    [{ code: 'ECONNRESET' }, 'uncertain'],
    [{ code: 'ETIMEDOUT' }, 'uncertain'],
    [{ code: 'ECONNABORTED' }, 'uncertain'],
  ])('%j is %s', (failure, kind) => {
    expect(classifyTransportFailure('Call', { message: 'x', ...failure }).kind).toBe(kind);
  });

  it('takes the delay of a 429 from Retry-After, in seconds or as a date', () => {
    expect(
      classifyTransportFailure('Call', { status: 429, retryAfter: '3', message: '' }).retryAfterMs,
    ).toBe(3000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(undefined)).toBe(1000);
    expect(retryAfterMs('soon')).toBe(1000);
  });
});

describe('resolving references', () => {
  const hotels = [
    { id: 18, name: 'Mandarin Resort', isActive: true },
    { id: 19, name: 'Grand Paradise Resort', isActive: true },
    { id: 20, name: 'Grand Resort Antalya', isActive: true },
    { id: 21, name: 'Closed Hotel', isActive: false },
  ];

  it('prefers the mapping, then an exact normalised name', () => {
    expect(resolveHotelId('anything', 99, hotels)).toBe(99);
    expect(resolveHotelId('MANDARIN resort', null, hotels)).toBe(18);
    expect(resolveHotelId('The Mandarin Hotel & Spa', null, hotels)).toBe(18);
  });

  it('names the hotel and the closest candidates when nothing matches', () => {
    expect(() => resolveHotelId('Grand Paradise Resrt', null, hotels)).toThrow(
      /Hotel not found in Sedna: Grand Paradise Resrt; closest: Grand Paradise Resort \(19\)/,
    );
    expect(() => resolveHotelId('Closed Hotel', null, hotels)).toThrow(ItemRejectedError);
  });

  it('maps codes case-insensitively and names every unknown code', () => {
    const rooms = [
      { id: 63, code: 'DBL' },
      { id: 64, code: 'SGL' },
    ];
    expect(resolveCodes('room type', ['dbl', 'SGL'], rooms)).toEqual([63, 64]);
    expect(() => resolveCodes('room type', ['DBL', 'XYZ', 'QQ'], rooms)).toThrow(
      'Unknown room type codes in Sedna: XYZ, QQ',
    );
    expect(() => resolveCodes('room type', ['XYZ'], rooms, 'Grand Resort Antalya')).toThrow(
      'Unknown room type code in Sedna: XYZ (hotel: Grand Resort Antalya)',
    );
  });
});

describe('reservation payload', () => {
  const input = {
    tenantId: 't1',
    reservationId: 7,
    voucherNo: 'JUN2024001',
    checkIn: '2025-01-15',
    checkOut: '2025-01-22',
    adults: 2,
    children: 1,
    amount: '1234.56',
    currency: 'EUR',
    guests: [
      {
        title: 'mr',
        first_name: 'Ali',
        last_name: 'Veli',
        birth_date: '1980-01-16',
        nationality: 'TR',
      },
      {
        title: 'CHD',
        first_name: 'Can',
        last_name: 'Veli',
        birth_date: '2018-03-01',
        nationality: 'TR',
      },
    ],
  };

  it('is an array with one room carrying the mapped ids, customers and a stable SourceId', () => {
    const [room, ...rest] = reservationPayload(
      input,
      { hotelId: 18, roomTypeId: 63, boardId: 1, operatorId: 571 },
      '2025-01-01',
    );
    expect(rest).toEqual([]);
    expect(room).toMatchObject({
      CheckinDate: '2025-01-15',
      CheckOutDate: '2025-01-22',
      HotelId: 18,
      RoomTypeId: 63,
      BoardId: 1,
      OperatorId: 571,
      Adult: 2,
      Child: 1,
      Voucher: 'JUN2024001',
      SourceId: reservationSourceId('t1', 7),
      Amount: 1234.56,
    });
    expect(room.Customers.map((c) => [c.Title, c.Age])).toEqual([
      ['Mr', 44],
      ['Chd', 6],
    ]);
    expect(reservationSourceId('t1', 7)).toBe(reservationSourceId('t1', 7));
  });

  it('computes ages at check-in', () => {
    expect(ageAt('2000-01-15', '2025-01-15')).toBe(25);
    expect(ageAt('2000-01-16', '2025-01-15')).toBe(24);
    expect(ageAt(null, '2025-01-15')).toBeNull();
  });
});
