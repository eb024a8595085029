/**
 * Demo e-mails as the upstream parser would post them (`POST /api/emails`): stop sales and
 * reservations for hotels the Sedna simulator knows, plus a few that must fail (unknown hotel,
 * unknown room code) so the demo shows failures, reports and retries. Deterministic: the same
 * message ids every time, so seeding twice creates nothing new.
 */

export type EmailType = 'reservation' | 'stopsale' | 'unknown';

export interface GuestInput {
  title: 'Mr' | 'Mrs' | 'Chd' | 'Inf';
  first_name: string;
  last_name: string;
  birth_date: string;
  nationality: string;
}

export interface StopSaleInput {
  hotel_name: string;
  date_from: string;
  date_to: string;
  /** null: all rooms. */
  room_types: string[] | null;
  /** null: all boards. */
  board_types: string[] | null;
  is_close: boolean;
  reason?: string;
}

export interface ReservationInput {
  voucher_no: string;
  hotel_name: string;
  check_in: string;
  check_out: string;
  room_type: string;
  board_type: string;
  adults: number;
  children: number;
  amount: number;
  currency: string;
  guests: GuestInput[];
}

export interface EmailInput {
  message_id: string;
  subject: string;
  sender: string;
  received_at: string;
  email_type: EmailType;
  stop_sales: StopSaleInput[];
  reservations: ReservationInput[];
}

/** Hotel names in the demo that Sedna does not know (each such item fails until mapped). */
export const DEMO_UNKNOWN_HOTELS = [
  'Hotel Nonexistent Palace',
  'Grand Paradise Resrt',
  'Sunset Dreams Hotel',
  'Mandarin Resrt',
] as const;

/** Room code in the demo that no hotel has. */
export const DEMO_UNKNOWN_ROOM_CODE = 'XYZ';

type Draft = Omit<EmailInput, 'message_id' | 'received_at'>;

function stop(
  hotel: string,
  from: string,
  to: string,
  rooms: string[] | null,
  boards: string[] | null = null,
  reason?: string,
): StopSaleInput {
  return {
    hotel_name: hotel,
    date_from: from,
    date_to: to,
    room_types: rooms,
    board_types: boards,
    is_close: true,
    ...(reason ? { reason } : {}),
  };
}

function stopSaleEmail(sender: string, subject: string, ...stopSales: StopSaleInput[]): Draft {
  return { subject, sender, email_type: 'stopsale', stop_sales: stopSales, reservations: [] };
}

function adult(title: 'Mr' | 'Mrs', first: string, last: string, born: string, nat: string) {
  return { title, first_name: first, last_name: last, birth_date: born, nationality: nat };
}

function child(first: string, last: string, born: string, nat: string): GuestInput {
  return { title: 'Chd', first_name: first, last_name: last, birth_date: born, nationality: nat };
}

function booking(
  voucher: string,
  hotel: string,
  stay: [string, string],
  room: string,
  board: string,
  price: [number, string],
  guests: GuestInput[],
): ReservationInput {
  const children = guests.filter((g) => g.title === 'Chd' || g.title === 'Inf').length;
  return {
    voucher_no: voucher,
    hotel_name: hotel,
    check_in: stay[0],
    check_out: stay[1],
    room_type: room,
    board_type: board,
    adults: guests.length - children,
    children,
    amount: price[0],
    currency: price[1],
    guests,
  };
}

function bookingEmail(sender: string, subject: string, ...reservations: ReservationInput[]): Draft {
  return { subject, sender, email_type: 'reservation', stop_sales: [], reservations };
}

function otherEmail(sender: string, subject: string): Draft {
  return { subject, sender, email_type: 'unknown', stop_sales: [], reservations: [] };
}

const STOP_SALES: Draft[] = [
  stopSaleEmail(
    'contracting@mandarinresort.example',
    'STOP SALE - Mandarin resort',
    stop('Mandarin Resort', '2027-06-01', '2027-06-15', ['STDSV', 'DBL'], ['AI']),
  ),
  stopSaleEmail(
    'sales@grandresortantalya.example',
    'STOP SALE - Grand Resort Antalya (2 periods)',
    stop('Grand Resort Antalya', '2027-07-01', '2027-07-10', ['SGL']),
    stop('Grand Resort Antalya', '2027-07-15', '2027-07-31', ['FAM', 'SUI'], ['AI', 'UAI']),
  ),
  stopSaleEmail(
    'reservations@grandparadise.example',
    'Stop Sale / Grand Paradise Resort / 01-05 Aug',
    stop('Grand Paradise Resort', '2027-08-01', '2027-08-05', null, null, 'Full occupancy'),
  ),
  stopSaleEmail(
    'frontoffice@sunrisebeach.example',
    'STOP SALE - Sunrise Beach Hotel - DBL/SGL',
    stop('SUNRISE BEACH HOTEL', '2027-05-20', '2027-05-31', ['DBL', 'SGL'], ['HB', 'BB']),
  ),
  stopSaleEmail(
    'contracting@mandarinresort.example',
    'STOP SALE - Mandarin Resort - SUI/FAM/TRP summer',
    stop('Mandarin Resort', '2027-06-20', '2027-06-30', ['SUI']),
    stop('Mandarin Resort', '2027-07-01', '2027-07-14', ['FAM'], ['AI']),
    stop('Mandarin Resort', '2027-08-10', '2027-08-20', ['TRP']),
  ),
  stopSaleEmail(
    'sales@grandparklara.example',
    'Grand Park Lara - stop sale DBL, TRP',
    stop('Grand Park Lara', '2027-09-01', '2027-09-12', ['DBL', 'TRP'], ['AI']),
  ),
  stopSaleEmail(
    'revenue@belekgolf.example',
    'URGENT STOP SALE - Belek Golf Resort & Spa',
    stop('Belek Golf Resort & Spa', '2027-07-20', '2027-08-10', ['SUI', 'FAM']),
  ),
  stopSaleEmail(
    'info@kemerpine.example',
    'STOP SALE - Kemer Pine Beach Hotel - sea view rooms',
    stop('Kemer Pine Beach Hotel', '2027-06-05', '2027-06-12', ['STDSV'], ['HB']),
  ),
  stopSaleEmail(
    'contracts@sidestar.example',
    'Stop sale - Side Star Resort',
    stop('Side Star Resort', '2027-08-15', '2027-08-25', ['STDSV', 'FAM']),
  ),
  stopSaleEmail(
    'sales@alanyapalm.example',
    'STOP SALE - Alanya Palm Beach Hotel (May + Sept)',
    stop('Alanya Palm Beach Hotel', '2027-05-01', '2027-05-15', ['SGL'], ['BB', 'RO']),
    stop('Alanya Palm Beach Hotel', '2027-09-20', '2027-09-30', ['TRP']),
  ),
  stopSaleEmail(
    'reservations@ephesusprincess.example',
    'Stop Sale: Ephesus Princess Resort - Suites October',
    stop('Ephesus Princess Resort', '2027-10-01', '2027-10-15', ['SUI'], ['FB']),
  ),
  stopSaleEmail('frontoffice@sunrisebeach.example', 'OPEN SALE - Sunrise Beach Hotel - DBL', {
    ...stop('Sunrise Beach Hotel', '2027-05-25', '2027-05-31', ['DBL']),
    is_close: false,
    reason: 'Rooms released back to sale',
  }),
  stopSaleEmail(
    'sales@fethiyelagoon.example',
    'STOP SALE - Fethiye Lagoon Resort',
    stop('Fethiye Lagoon Resort', '2027-07-05', '2027-07-25', ['FAM', 'TRP'], ['AI']),
  ),
  stopSaleEmail(
    'gm@kusadasiaqua.example',
    'STOP SALE - Kusadasi Aqua Resort - private event',
    stop('Kusadasi Aqua Resort', '2027-06-25', '2027-06-27', null, null, 'Private event'),
  ),
  stopSaleEmail(
    'sales@grandresortantalya.example',
    'STOP SALE - Grand Resort Antalya - ALL ROOMS 24-31 DEC',
    stop('Grand Resort Antalya', '2027-12-24', '2027-12-31', null, null, 'Fully booked'),
  ),
  stopSaleEmail(
    'revenue@royalpalm.example',
    'STOP SALE - Royal Palm Resort & Spa - August',
    stop('Royal Palm Resort & Spa', '2027-08-01', '2027-08-31', ['FAM', 'DBL'], ['AI', 'FB']),
  ),
  stopSaleEmail(
    'contracting@bodrumbay.example',
    'Stop sale: Bodrum Bay Resort SUI',
    stop('Bodrum Bay Resort', '2027-07-10', '2027-07-20', ['SUI']),
  ),
  stopSaleEmail(
    'sales@larasunset.example',
    'STOP SALE - Lara Sunset Hotel - SGL/TRP',
    stop('Lara Sunset Hotel', '2027-06-10', '2027-06-20', ['SGL', 'TRP'], ['HB']),
  ),
  // Must fail: hotels Sedna does not know.
  stopSaleEmail(
    'sales@nonexistentpalace.example',
    'STOP SALE - Hotel Nonexistent Palace',
    stop('Hotel Nonexistent Palace', '2027-06-01', '2027-06-10', ['DBL']),
  ),
  stopSaleEmail(
    'reservations@grandparadise.example',
    'STOP SALE - Grand Paradise Resrt - FAM',
    stop('Grand Paradise Resrt', '2027-07-01', '2027-07-07', ['FAM']),
  ),
  // Must fail: a room code the hotel does not have (never dropped silently).
  stopSaleEmail(
    'contracting@mandarinresort.example',
    'STOP SALE - Mandarin Resort - DBL + XYZ',
    stop('Mandarin Resort', '2027-09-01', '2027-09-05', ['DBL', DEMO_UNKNOWN_ROOM_CODE]),
  ),
];

const BOOKINGS: Draft[] = [
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUN2027001 - Grand Paradise Resort',
    booking(
      'JUN2027001',
      'Grand Paradise Resort',
      ['2027-06-14', '2027-06-21'],
      'DBL',
      'AI',
      [1680, 'EUR'],
      [
        adult('Mr', 'Thomas', 'Mueller', '1981-03-14', 'DE'),
        adult('Mrs', 'Anna', 'Mueller', '1983-09-02', 'DE'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUN2027002 - Mandarin Resort',
    booking(
      'JUN2027002',
      'Mandarin Resort',
      ['2027-06-20', '2027-07-01'],
      'FAM',
      'UAI',
      [3420, 'EUR'],
      [
        adult('Mr', 'James', 'Wilson', '1979-11-23', 'GB'),
        adult('Mrs', 'Emily', 'Wilson', '1982-04-08', 'GB'),
        child('Oliver', 'Wilson', '2017-05-30', 'GB'),
        child('Sophie', 'Wilson', '2020-01-17', 'GB'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUL2027003 - Sunrise Beach Hotel',
    booking(
      'JUL2027003',
      'Sunrise Beach Hotel',
      ['2027-07-03', '2027-07-10'],
      'SGL',
      'BB',
      [540, 'EUR'],
      [adult('Mrs', 'Katarzyna', 'Nowak', '1990-06-12', 'PL')],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUL2027004 - Grand Resort Antalya',
    booking(
      'JUL2027004',
      'Grand Resort Antalya',
      ['2027-07-08', '2027-07-15'],
      'TRP',
      'AI',
      [2310, 'EUR'],
      [
        adult('Mr', 'Dmitry', 'Ivanov', '1975-02-19', 'RU'),
        adult('Mrs', 'Olga', 'Ivanova', '1977-08-25', 'RU'),
        adult('Mr', 'Pavel', 'Ivanov', '2004-12-01', 'RU'),
      ],
    ),
  ),
  bookingEmail(
    'groups@7startravel.example',
    'New booking JUL2027005 + JUL2027006 (2 rooms) - Belek Golf Resort & Spa',
    booking(
      'JUL2027005',
      'Belek Golf Resort & Spa',
      ['2027-07-12', '2027-07-19'],
      'DBL',
      'AI',
      [2240, 'EUR'],
      [
        adult('Mr', 'Pieter', 'de Vries', '1968-07-07', 'NL'),
        adult('Mrs', 'Sanne', 'de Vries', '1970-10-30', 'NL'),
      ],
    ),
    booking(
      'JUL2027006',
      'Belek Golf Resort & Spa',
      ['2027-07-12', '2027-07-19'],
      'FAM',
      'AI',
      [3150, 'EUR'],
      [
        adult('Mr', 'Jeroen', 'Bakker', '1985-01-21', 'NL'),
        adult('Mrs', 'Lotte', 'Bakker', '1987-03-03', 'NL'),
        child('Daan', 'Bakker', '2016-09-14', 'NL'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking AUG2027007 - Kemer Pine Beach Hotel',
    booking(
      'AUG2027007',
      'Kemer Pine Beach Hotel',
      ['2027-08-02', '2027-08-09'],
      'STDSV',
      'HB',
      [980, 'EUR'],
      [
        adult('Mr', 'Stefan', 'Schneider', '1988-05-05', 'DE'),
        adult('Mrs', 'Julia', 'Schneider', '1989-12-19', 'DE'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking AUG2027008 - Side Star Resort',
    booking(
      'AUG2027008',
      'Side Star Resort',
      ['2027-08-05', '2027-08-15'],
      'FAM',
      'AI',
      [2890, 'EUR'],
      [
        adult('Mr', 'Andriy', 'Kovalenko', '1984-04-04', 'UA'),
        adult('Mrs', 'Iryna', 'Kovalenko', '1986-06-16', 'UA'),
        child('Maksym', 'Kovalenko', '2019-02-28', 'UA'),
      ],
    ),
  ),
  bookingEmail(
    'uk-desk@7startravel.example',
    'Booking request SEP2027009 - Alanya Palm Beach Hotel',
    booking(
      'SEP2027009',
      'Alanya Palm Beach Hotel',
      ['2027-09-04', '2027-09-11'],
      'DBL',
      'RO',
      [610, 'GBP'],
      [
        adult('Mr', 'George', 'Taylor', '1962-08-11', 'GB'),
        adult('Mrs', 'Margaret', 'Taylor', '1964-02-27', 'GB'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking SEP2027010 - Ephesus Princess Resort',
    booking(
      'SEP2027010',
      'Ephesus Princess Resort',
      ['2027-09-18', '2027-09-25'],
      'SUI',
      'FB',
      [2470, 'USD'],
      [
        adult('Mr', 'Michael', 'Brown', '1973-10-10', 'GB'),
        adult('Mrs', 'Sarah', 'Brown', '1975-03-22', 'GB'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking MAY2027011 - Grand Park Lara',
    booking(
      'MAY2027011',
      'Grand Park Lara',
      ['2027-05-22', '2027-05-29'],
      'DBL',
      'AI',
      [1190, 'EUR'],
      [
        adult('Mr', 'Lukas', 'Weber', '1992-07-29', 'DE'),
        adult('Mrs', 'Marie', 'Weber', '1993-11-11', 'DE'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUN2027012 - Fethiye Lagoon Resort',
    booking(
      'JUN2027012',
      'Fethiye Lagoon Resort',
      ['2027-06-06', '2027-06-13'],
      'TRP',
      'HB',
      [1350, 'EUR'],
      [
        adult('Mrs', 'Agnieszka', 'Kowalska', '1980-01-09', 'PL'),
        adult('Mr', 'Piotr', 'Kowalski', '1979-05-15', 'PL'),
        adult('Mrs', 'Zofia', 'Kowalska', '2003-08-20', 'PL'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking OCT2027013 - Kusadasi Aqua Resort',
    booking(
      'OCT2027013',
      'Kusadasi Aqua Resort',
      ['2027-10-02', '2027-10-09'],
      'SUI',
      'AI',
      [1960, 'EUR'],
      [
        adult('Mr', 'Markus', 'Fischer', '1983-12-03', 'DE'),
        adult('Mrs', 'Laura', 'Fischer', '1985-04-26', 'DE'),
        child('Noah', 'Fischer', '2018-10-01', 'DE'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUL2027014 - Royal Palm Resort & Spa',
    booking(
      'JUL2027014',
      'Royal Palm Resort & Spa',
      ['2027-07-24', '2027-08-03'],
      'DBL',
      'UAI',
      [2780, 'EUR'],
      [
        adult('Mr', 'Sergey', 'Petrov', '1980-09-09', 'RU'),
        adult('Mrs', 'Natalia', 'Petrova', '1982-02-14', 'RU'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking AUG2027015 - Mandarin Resort',
    booking(
      'AUG2027015',
      'MANDARIN RESORT',
      ['2027-08-21', '2027-08-28'],
      'STDSV',
      'AI',
      [1540, 'EUR'],
      [
        adult('Mr', 'Daniel', 'Koch', '1991-03-30', 'DE'),
        adult('Mrs', 'Sophie', 'Koch', '1992-06-06', 'DE'),
      ],
    ),
  ),
  // Must fail: hotels Sedna does not know.
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUN2027016 - Sunset Dreams Hotel',
    booking(
      'JUN2027016',
      'Sunset Dreams Hotel',
      ['2027-06-10', '2027-06-17'],
      'DBL',
      'HB',
      [890, 'EUR'],
      [
        adult('Mr', 'Jan', 'Jansen', '1977-07-17', 'NL'),
        adult('Mrs', 'Eva', 'Jansen', '1978-08-18', 'NL'),
      ],
    ),
  ),
  bookingEmail(
    'bookings@7startravel.example',
    'New booking JUL2027017 - Mandarin Resrt',
    booking(
      'JUL2027017',
      'Mandarin Resrt',
      ['2027-07-17', '2027-07-24'],
      'DBL',
      'AI',
      [1610, 'EUR'],
      [
        adult('Mr', 'Oliver', 'Smith', '1986-09-27', 'GB'),
        adult('Mrs', 'Chloe', 'Smith', '1988-12-12', 'GB'),
      ],
    ),
  ),
  // Must fail: a room code no hotel has.
  bookingEmail(
    'bookings@7startravel.example',
    'New booking AUG2027018 - Grand Resort Antalya',
    booking(
      'AUG2027018',
      'Grand Resort Antalya',
      ['2027-08-11', '2027-08-18'],
      DEMO_UNKNOWN_ROOM_CODE,
      'AI',
      [1720, 'EUR'],
      [
        adult('Mr', 'Maximilian', 'Wagner', '1990-10-20', 'DE'),
        adult('Mrs', 'Hannah', 'Wagner', '1991-01-31', 'DE'),
      ],
    ),
  ),
];

const OTHERS: Draft[] = [
  otherEmail('contracting@mandarinresort.example', 'Re: Allotment contract 2027 - Mandarin Resort'),
  otherEmail('newsletter@grandparadise.example', 'Summer 2027 early booking campaign'),
];

/** Interleaves the three kinds the way a real inbox mixes them. */
function inboxOrder(): Draft[] {
  const drafts: Draft[] = [];
  const longest = Math.max(STOP_SALES.length, BOOKINGS.length);
  for (let i = 0; i < longest; i++) {
    if (STOP_SALES[i]) drafts.push(STOP_SALES[i]);
    if (BOOKINGS[i]) drafts.push(BOOKINGS[i]);
    if (i === 5) drafts.push(OTHERS[0]);
    if (i === 12) drafts.push(OTHERS[1]);
  }
  return drafts;
}

const FIRST_RECEIVED = Date.UTC(2027, 0, 11, 7, 30);
const MINUTES_APART = 47;

/** ~40 demo e-mails with fixed message ids `demo-001@partner.example`, … */
export function demoEmails(): EmailInput[] {
  return inboxOrder().map((draft, i) => ({
    message_id: `demo-${String(i + 1).padStart(3, '0')}@partner.example`,
    received_at: new Date(FIRST_RECEIVED + i * MINUTES_APART * 60_000).toISOString(),
    ...draft,
  }));
}
