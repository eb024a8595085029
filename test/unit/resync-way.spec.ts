/** What a drift check's re-sync does with each item (src/contract/reconcile.ts, resyncWayOf). */
import { resyncWayOf } from '../../src/contract/reconcile';

describe('resyncWayOf', () => {
  it.each([
    ['stop_sale', 'missing_in_sedna', [], { way: 'afresh' }],
    ['reservation', 'missing_in_sedna', [], { way: 'afresh' }],
    ['stop_sale', 'different', ['rooms'], { way: 'phase2' }],
    ['stop_sale', 'different', ['boards', 'close_open'], { way: 'phase2' }],
    ['stop_sale', 'different', ['rooms', 'dates'], { refusal: 'sedna_keeps_hotel_and_dates' }],
    ['stop_sale', 'different', ['hotel'], { refusal: 'sedna_keeps_hotel_and_dates' }],
    ['reservation', 'different', ['pax'], { refusal: 'no_reservation_update' }],
    ['stop_sale', 'match', [], { refusal: 'matches_sedna' }],
    ['stop_sale', 'only_in_sedna', [], { refusal: 'no_row_here' }],
  ] as const)('%s %s %j → %j', (type, outcome, fields, expected) => {
    expect(resyncWayOf({ type, outcome, fields })).toEqual(expected);
  });
});
