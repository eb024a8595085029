import type { Guest, ReservationRow } from '../emails/email-rows';
import type { ReservationCustomer, ReservationRoomPayload } from './sedna-types';

/** What the insert sends of the reservation's row. */
export type ReservationInput = Pick<
  ReservationRow,
  | 'id'
  | 'tenant_id'
  | 'voucher_no'
  | 'check_in'
  | 'check_out'
  | 'adults'
  | 'children'
  | 'amount'
  | 'currency'
  | 'guests'
>;

export interface ReservationRefs {
  hotelId: number;
  roomTypeId: number;
  boardId: number;
  operatorId: number;
}

/** Stable external reference: cancellation in Sedna finds the reservation by it. */
export function reservationSourceId(tenantId: string, reservationId: number): string {
  return `sso-${tenantId}-res-${reservationId}`;
}

/** Whole years between birth and check-in; null when the birth date is unknown. */
export function ageAt(birthDate: string | null | undefined, onDate: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const TITLES: Record<string, string> = {
  MR: 'Mr',
  MRS: 'Mrs',
  MS: 'Mrs',
  CHD: 'Chd',
  INF: 'Inf',
  GRP: 'Grp',
};

function customer(guest: Guest, checkIn: string): ReservationCustomer {
  return {
    Title: TITLES[guest.title.toUpperCase()] ?? 'Mr',
    FirstName: guest.first_name,
    LastName: guest.last_name,
    BirthDate: guest.birth_date ?? null,
    Age: ageAt(guest.birth_date, checkIn),
    PassNo: guest.passport_no ?? '',
    Nationality: guest.nationality ?? '',
    IsArrivalTransfer: 0,
    IsDepartureTransfer: 0,
  };
}

/** InsertReservation takes an array with one element per room; our rows hold one room each. */
export function reservationPayload(
  input: ReservationInput,
  refs: ReservationRefs,
  saleDate: string,
): ReservationRoomPayload[] {
  return [
    {
      CheckinDate: input.check_in,
      CheckOutDate: input.check_out,
      HotelId: refs.hotelId,
      RoomTypeId: refs.roomTypeId,
      BoardId: refs.boardId,
      OperatorId: refs.operatorId,
      Adult: input.adults,
      Child: input.children,
      Voucher: input.voucher_no,
      SourceId: reservationSourceId(input.tenant_id, input.id),
      SaleDate: saleDate,
      Amount: input.amount === null ? null : Number(input.amount),
      ReservationRemark: input.currency ? `Amount in ${input.currency}` : '',
      IsReservationChanged: false,
      IsBabyFree: true,
      CheckContract: true,
      Customers: input.guests.map((g) => customer(g, input.check_in)),
    },
  ];
}
