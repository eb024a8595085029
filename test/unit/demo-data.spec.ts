import {
  DEMO_UNKNOWN_HOTELS,
  DEMO_UNKNOWN_ROOM_CODE,
  demoEmails,
  EmailInput,
} from '../../scripts/demo-data';
import { BOARDS, HOTEL_ROOM_TYPES, HOTELS } from '../../sedna-sim/reference-data';

const normalise = (name: string) => name.trim().toLowerCase();
const hotelByName = new Map(HOTELS.map((h) => [normalise(h.Name), h]));
const unknownHotels = new Set<string>(DEMO_UNKNOWN_HOTELS.map(normalise));

function roomsOf(hotelName: string): string[] {
  const hotel = hotelByName.get(normalise(hotelName));
  return HOTEL_ROOM_TYPES.filter((r) => r.HotelId === hotel?.RecId).map((r) => r.Code);
}

function items(emails: EmailInput[]) {
  return emails.flatMap((e) => [
    ...e.stop_sales.map((s) => ({
      hotel: s.hotel_name,
      rooms: s.room_types ?? [],
      boards: s.board_types ?? [],
    })),
    ...e.reservations.map((r) => ({
      hotel: r.hotel_name,
      rooms: [r.room_type],
      boards: [r.board_type],
    })),
  ]);
}

describe('demo e-mails', () => {
  const emails = demoEmails();

  it('are about forty, with fixed unique message ids', () => {
    expect(emails.length).toBeGreaterThanOrEqual(38);
    expect(emails.length).toBeLessThanOrEqual(45);
    expect(new Set(emails.map((e) => e.message_id)).size).toBe(emails.length);
    expect(emails[0].message_id).toBe('demo-001@partner.example');
    expect(demoEmails()).toEqual(emails);
  });

  it('mix stop sales, reservations and unrelated mail', () => {
    const byType = (t: string) => emails.filter((e) => e.email_type === t);
    expect(byType('unknown')).toHaveLength(2);
    expect(byType('unknown').every((e) => !e.stop_sales.length && !e.reservations.length)).toBe(
      true,
    );
    expect(byType('stopsale').some((e) => e.stop_sales.length >= 2)).toBe(true);
    expect(byType('reservation').every((e) => e.reservations.length > 0)).toBe(true);
  });

  it('name hotels and codes Sedna knows, except the deliberate failures', () => {
    const boards = new Set(BOARDS.map((b) => b.Code));
    const all = items(emails);
    const failing = all.filter(
      (i) => unknownHotels.has(normalise(i.hotel)) || i.rooms.includes(DEMO_UNKNOWN_ROOM_CODE),
    );
    expect(failing.length).toBeGreaterThanOrEqual(5);
    for (const item of all.filter((i) => !failing.includes(i))) {
      expect(hotelByName.has(normalise(item.hotel))).toBe(true);
      for (const room of item.rooms) expect(roomsOf(item.hotel)).toContain(room);
      for (const board of item.boards) expect(boards.has(board)).toBe(true);
    }
    for (const name of unknownHotels) expect(hotelByName.has(name)).toBe(false);
  });

  it('keep stays in 2027 with sane date ranges', () => {
    for (const email of emails) {
      for (const s of email.stop_sales) expect(s.date_from <= s.date_to).toBe(true);
      for (const r of email.reservations) {
        expect(r.check_in < r.check_out).toBe(true);
        expect(r.adults + r.children).toBe(r.guests.length);
      }
      const dates = [
        ...email.stop_sales.flatMap((s) => [s.date_from, s.date_to]),
        ...email.reservations.flatMap((r) => [r.check_in, r.check_out]),
      ];
      for (const d of dates) expect(d).toMatch(/^2027-\d\d-\d\d$/);
    }
  });
});
