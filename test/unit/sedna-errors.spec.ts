import { classifyTransportFailure, retryAfterMs, SednaError } from '../../src/sedna/sedna-errors';
import {
  isItemErrorCode,
  itemErrorCodeOf,
  knownItemErrorCode,
} from '../../src/contract/item-errors';
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
    const mapping = { sednaHotelId: 19, sednaHotelName: 'Grand Paradise Resort' };
    expect(resolveHotelId('anything', mapping, hotels)).toBe(19);
    expect(resolveHotelId('MANDARIN resort', null, hotels)).toBe(18);
    expect(resolveHotelId('mandarin-resort!', null, hotels)).toBe(18);
    expect(() => resolveHotelId('The Mandarin Hotel & Spa', null, hotels)).toThrow(
      /Hotel not found in Sedna: The Mandarin Hotel & Spa; closest: Mandarin Resort \(18\)/,
    );
  });

  it('never uses a mapping the current hotel list does not confirm (HOTEL_MAPPING_STALE)', () => {
    const stale = (sednaHotelId: number, sednaHotelName: string | null) => {
      try {
        resolveHotelId('Grand Paradise Resort', { sednaHotelId, sednaHotelName }, hotels);
      } catch (err) {
        return err as ItemRejectedError;
      }
      throw new Error('the mapping was used');
    };
    // Missing from this Sedna, listed as another hotel (another Sedna's id), inactive, or a
    // mapping that never recorded its hotel's name: each fails, none falls back to the name.
    for (const [id, name, why] of [
      [31, 'Grand Paradise Resort', /lists no hotel 31/],
      [20, 'Grand Paradise Resort', /lists hotel 20 as "Grand Resort Antalya"/],
      [21, 'Closed Hotel', /lists hotel 21 as inactive/],
      [19, null, /save it again/],
    ] as const) {
      const err = stale(id, name);
      expect(err.code).toBe('HOTEL_MAPPING_STALE');
      expect(err.message).toMatch(why);
      expect(err.details).toMatchObject({
        hotel_name: 'Grand Paradise Resort',
        sedna_hotel_id: id,
        sedna_hotel_name: name,
      });
      expect(err.details.candidates?.[0]).toEqual({
        sedna_hotel_id: 19,
        name: 'Grand Paradise Resort',
      });
    }
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
    tenant_id: 't1',
    id: 7,
    voucher_no: 'JUN2024001',
    check_in: '2025-01-15',
    check_out: '2025-01-22',
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

describe('one failure taxonomy: the item error codes', () => {
  it.each([
    ['rejected', 'SEDNA_REJECTED'],
    ['session', 'SEDNA_SESSION_EXPIRED'],
    ['rate-limited', 'SEDNA_RATE_LIMITED'],
    ['not-sent', 'SEDNA_UNREACHABLE'],
    ['uncertain', 'SEDNA_UNREACHABLE'],
  ] as const)('a %s Sedna failure fails an item with %s', (kind, code) => {
    expect(new SednaError(kind, 'x').code).toBe(code);
    expect(isItemErrorCode(code)).toBe(true);
  });

  it('reads the failure types of older workers as their codes, anything else as unknown', () => {
    expect(knownItemErrorCode('SEDNA_REJECTED')).toBe('SEDNA_REJECTED');
    expect(knownItemErrorCode('SednaUncertain')).toBe('SEDNA_UNREACHABLE');
    expect(knownItemErrorCode('MissingRecId')).toBe('INTERNAL_ERROR');
    expect(knownItemErrorCode('toString')).toBeUndefined();
    expect(knownItemErrorCode('SomeBug')).toBeUndefined();
    expect(itemErrorCodeOf('SomeBug')).toBe('INTERNAL_ERROR');
    expect(itemErrorCodeOf(undefined)).toBe('INTERNAL_ERROR');
  });
});
