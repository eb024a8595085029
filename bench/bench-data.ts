/** Synthetic e-mails for the benchmarks: valid for the simulator's reference data. */

const HOTELS = [
  'Mandarin Resort',
  'Grand Resort Antalya',
  'Grand Paradise Resort',
  'Sunrise Beach Hotel',
];
const ROOMS = [['DBL', 'TRP'], ['DBL'], ['SGL', 'DBL'], null];
const ITEMS_PER_EMAIL = 50;

function day(i: number): string {
  return String(1 + (i % 27)).padStart(2, '0');
}

function stopSale(i: number) {
  return {
    hotel_name: HOTELS[i % HOTELS.length],
    date_from: `2027-0${1 + (i % 9)}-${day(i)}`,
    date_to: `2027-0${1 + (i % 9)}-28`,
    room_types: ROOMS[i % ROOMS.length],
    board_types: i % 2 ? ['AI'] : null,
    is_close: true,
  };
}

function reservation(prefix: string, i: number) {
  return {
    voucher_no: `${prefix}${String(i).padStart(6, '0')}`.toUpperCase(),
    hotel_name: HOTELS[i % 3],
    check_in: '2027-06-10',
    check_out: '2027-06-17',
    room_type: 'DBL',
    board_type: 'AI',
    adults: 2,
    children: 0,
    amount: 999.5,
    currency: 'EUR',
    guests: [
      {
        title: 'Mr',
        first_name: 'Bench',
        last_name: `Guest${i}`,
        birth_date: '1980-01-01',
        nationality: 'TR',
      },
    ],
  };
}

function email(prefix: string, n: number, type: 'stopsale' | 'reservation', items: object[]) {
  return {
    message_id: `${prefix}-${type}-${n}@bench`,
    subject: `${type} ${n}`,
    sender: 'bench@partner.example',
    received_at: '2026-11-01T10:00:00Z',
    email_type: type,
    stop_sales: type === 'stopsale' ? items : [],
    reservations: type === 'reservation' ? items : [],
  };
}

/** `stopSales` stop sales (up to 50 per e-mail) and `reservations` reservations (one per e-mail). */
export function benchEmails(prefix: string, stopSales: number, reservations: number) {
  const emails = [];
  for (let start = 0; start < stopSales; start += ITEMS_PER_EMAIL) {
    const count = Math.min(ITEMS_PER_EMAIL, stopSales - start);
    const items = Array.from({ length: count }, (_, k) => stopSale(start + k));
    emails.push(email(prefix, start, 'stopsale', items));
  }
  for (let i = 0; i < reservations; i++)
    emails.push(email(prefix, i, 'reservation', [reservation(prefix, i)]));
  return emails;
}

export { HOTELS, ROOMS };
