import {
  operatorRemark,
  phase1Payload,
  phase2Payload,
  sednaDate,
  StopSaleHeaderInput,
} from '../../src/sedna/stop-sale-payload';
import { sednaTimestamp } from '../../src/contract/sedna-timestamp';

const header: StopSaleHeaderInput = {
  hotelId: 18,
  dateFrom: '2025-04-13',
  dateTo: '2025-04-18',
  isClose: true,
  roomCodes: ['DBL', 'TRP'],
  boardCodes: ['AI'],
  operatorCode: '7STAR',
  authorityId: 207,
  declareDate: '2025-04-01T09:30:00',
};
const children = { roomTypeIds: [63, 1364], boardIds: [1], operatorIds: [571], marketIds: [] };

describe('stop-sale payloads (seed 001 test plan)', () => {
  it('phase 1 creates the header with RecId 0 and every child array empty', () => {
    const payload = phase1Payload(header);
    expect(payload.RecId).toBe(0);
    expect(payload.StopSaleRooms).toEqual([]);
    expect(payload.StopSaleOperators).toEqual([]);
    expect(payload.StopSaleBoards).toEqual([]);
    expect(payload.StopSaleMarkets).toEqual([]);
  });

  it('phase 2 fills the children, each with StopSaleId equal to the RecId', () => {
    const payload = phase2Payload(header, 823259, children);
    expect(payload.RecId).toBe(823259);
    expect(payload.StopSaleRooms).toEqual([
      { RoomTypeId: 63, State: 1, StopSaleId: 823259 },
      { RoomTypeId: 1364, State: 1, StopSaleId: 823259 },
    ]);
    expect(payload.StopSaleOperators).toEqual([{ OperatorId: 571, State: 1, StopSaleId: 823259 }]);
    expect(payload.StopSaleBoards).toEqual([{ BoardId: 1, State: 1, StopSaleId: 823259 }]);
    const ids = [
      ...payload.StopSaleRooms,
      ...payload.StopSaleOperators,
      ...payload.StopSaleBoards,
    ].map((c) => c.StopSaleId);
    expect(new Set(ids)).toEqual(new Set([823259]));
  });

  it('phase 2 repeats the phase 1 header exactly, RecId and children aside', () => {
    const strip = ({
      RecId: _r,
      StopSaleRooms: _a,
      StopSaleOperators: _b,
      StopSaleBoards: _c,
      StopSaleMarkets: _d,
      ...rest
    }: ReturnType<typeof phase1Payload>) => rest;
    expect(strip(phase2Payload(header, 5, children))).toEqual(strip(phase1Payload(header)));
  });

  it('ends the operator remark with a comma, once', () => {
    expect(phase1Payload(header).OperatorRemark).toBe('7STAR,');
    expect(operatorRemark('7STAR,')).toBe('7STAR,');
    expect(operatorRemark(' ABC ')).toBe('ABC,');
  });

  it('formats dates as midnight timestamps and maps is_close to StopType', () => {
    const payload = phase1Payload(header);
    expect(payload.BeginDate).toBe('2025-04-13T00:00:00');
    expect(payload.EndDate).toBe('2025-04-18T00:00:00');
    expect(payload.StopType).toBe(0);
    expect(phase1Payload({ ...header, isClose: false }).StopType).toBe(1);
    expect(sednaDate('2025-01-02')).toBe('2025-01-02T00:00:00');
    expect(sednaTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02T03:04:05');
  });

  it('carries authority, remarks and the fixed header fields', () => {
    const payload = phase1Payload(header);
    expect(payload).toMatchObject({
      Authority: 207,
      RoomRemark: 'DBL,TRP',
      BoardRemark: 'AI',
      Active: 0,
      State: 1,
      RecordSource: 0,
      RecordUser: 'Entegrasyon',
      HotelId: 18,
      DeclareDate: '2025-04-01T09:30:00',
    });
  });

  it('sends all rooms as an empty room list and an empty room remark', () => {
    const payload = phase2Payload({ ...header, roomCodes: [] }, 7, {
      ...children,
      roomTypeIds: [],
    });
    expect(payload.StopSaleRooms).toEqual([]);
    expect(payload.RoomRemark).toBe('');
  });
});
