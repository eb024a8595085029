import { reservationPayload } from '../src/sedna/reservation-payload';
import { SednaClient } from '../src/sedna/sedna-client';
import type { SednaCredentials } from '../src/sedna/sedna-types';
import { phase1Payload, phase2Payload } from '../src/sedna/stop-sale-payload';
import { sednaTimestamp } from '../src/contract/sedna-timestamp';

/**
 * The overhead baseline: the same Sedna calls as a bulk sync (login, three lookups, two phases
 * per stop sale, one insert per reservation), one after another in this process, no Temporal,
 * no database. Returns items per second.
 */
export async function plainLoop(
  creds: SednaCredentials,
  stopSales: number,
  reservations: number,
): Promise<number> {
  const client = new SednaClient(creds, {});
  const started = Date.now();
  await client.login();
  await Promise.all([client.getHotels(), client.getRoomTypes(), client.getBoards()]);
  for (let i = 0; i < stopSales; i++) {
    const header = {
      hotelId: 18,
      dateFrom: '2027-03-01',
      dateTo: `2027-03-${String(2 + (i % 26)).padStart(2, '0')}`,
      isClose: true,
      roomCodes: ['DBL'],
      boardCodes: [],
      operatorCode: creds.operatorCode,
      authorityId: creds.authorityId,
      declareDate: sednaTimestamp(Date.now()),
    };
    const recId = await client.updateStopSale(phase1Payload(header));
    const children = {
      roomTypeIds: [1364],
      boardIds: [],
      operatorIds: [creds.operatorId],
      marketIds: [],
    };
    await client.updateStopSale(phase2Payload(header, recId, children));
  }
  for (let i = 0; i < reservations; i++) {
    const voucherNo = `LOOP${Date.now().toString(36)}${i}`.toUpperCase();
    const input = {
      tenant_id: 'loop',
      id: i,
      voucher_no: voucherNo,
      check_in: '2027-06-10',
      check_out: '2027-06-17',
      adults: 2,
      children: 0,
      amount: '999.50',
      currency: 'EUR',
      guests: [{ title: 'Mr', first_name: 'Loop', last_name: `Guest${i}` }],
    };
    const refs = { hotelId: 18, roomTypeId: 1364, boardId: 1, operatorId: creds.operatorId };
    await client.insertReservation(voucherNo, reservationPayload(input, refs, '2026-11-01'));
  }
  return (stopSales + reservations) / ((Date.now() - started) / 1000);
}
