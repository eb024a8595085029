import { itemSummaryText } from '../../src/sync/item-details';
import { itemSummary, runProgressDetails, stepSummaries } from '../../workflows/summaries';

describe('Temporal UI summaries', () => {
  it('names a stop sale by hotel, dates (the end year only when it differs) and rooms', () => {
    const details = {
      hotel_name: 'Mandarin Resort',
      date_from: '2027-09-01',
      date_to: '2027-09-05',
    };
    expect(itemSummaryText('stop_sale', { ...details, room_codes: ['DBL', 'XYZ'] })).toBe(
      'Stop sale · Mandarin Resort · 2027-09-01→09-05 · DBL, XYZ',
    );
    expect(
      itemSummaryText('stop_sale', { ...details, date_to: '2028-01-02', room_codes: null }),
    ).toBe('Stop sale · Mandarin Resort · 2027-09-01→2028-01-02 · all rooms');
  });

  it('names a reservation by hotel, voucher, stay and room; a gone row by its type', () => {
    expect(
      itemSummaryText('reservation', {
        hotel_name: 'Sunrise Beach Hotel',
        voucher_no: 'V0001',
        check_in: '2027-06-10',
        check_out: '2027-06-17',
        room_codes: ['DBL'],
      }),
    ).toBe('Reservation · Sunrise Beach Hotel · V0001 · 2027-06-10→06-17 · DBL');
    expect(itemSummaryText('reservation', undefined)).toBe('Reservation');
  });

  it('falls back to the ids for items of histories recorded before summaries', () => {
    const item = { rowId: 9, ordinal: 1, emailId: 4, type: 'stop_sale' as const, itemId: 7 };
    expect(itemSummary(item)).toBe('Stop sale #7 · e-mail 4');
    expect(itemSummary({ ...item, summary: 'Stop sale · X' })).toBe('Stop sale · X');
  });

  it('words the run progress and the Phase 2 step', () => {
    expect(runProgressDetails({ total: 1000, successful: 409, failed: 3, cancelled: 0 }, 50)).toBe(
      '412 of 1,000 · 3 failed · 50 in flight',
    );
    expect(runProgressDetails({ total: 3, successful: 1, failed: 0, cancelled: 2 }, 0)).toBe(
      '3 of 3 · 0 failed · 2 cancelled',
    );
    const refs = { hotelId: 18, roomTypeIds: [1, 2], boardIds: [] };
    expect(stepSummaries.phase2(refs, 823278)).toBe('Phase 2: attach 2 rooms to RecId 823278');
    expect(stepSummaries.phase2({ ...refs, roomTypeIds: [] }, 5)).toBe(
      'Phase 2: attach all rooms to RecId 5',
    );
  });
});
