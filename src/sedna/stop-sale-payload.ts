import type { StopSalePayload } from './sedna-types';

export const RECORD_USER = 'Entegrasyon';

export interface StopSaleHeaderInput {
  hotelId: number;
  /** yyyy-MM-dd, inclusive. */
  dateFrom: string;
  dateTo: string;
  isClose: boolean;
  roomCodes: string[];
  boardCodes: string[];
  operatorCode: string;
  authorityId: number;
  /** yyyy-MM-ddTHH:mm:ss of the first Phase 1 attempt; Phase 2 repeats it. */
  declareDate: string;
}

export interface StopSaleChildren {
  roomTypeIds: number[];
  boardIds: number[];
  operatorIds: number[];
  marketIds: number[];
}

/** Sedna wants midnight timestamps: `2025-04-13T00:00:00`. */
export function sednaDate(date: string): string {
  return `${date.slice(0, 10)}T00:00:00`;
}

/** Sedna's UI hides an operator remark that does not end with a comma. */
export function operatorRemark(operatorCode: string): string {
  const code = operatorCode.trim();
  return code.endsWith(',') ? code : `${code},`;
}

function header(input: StopSaleHeaderInput, sednaId: number): StopSalePayload {
  return {
    RecId: sednaId,
    HotelId: input.hotelId,
    BeginDate: sednaDate(input.dateFrom),
    EndDate: sednaDate(input.dateTo),
    DeclareDate: input.declareDate,
    Active: 0,
    State: 1,
    RecordSource: 0,
    RecordUser: RECORD_USER,
    StopType: input.isClose ? 0 : 1,
    Authority: input.authorityId,
    RoomRemark: input.roomCodes.join(','),
    OperatorRemark: operatorRemark(input.operatorCode),
    BoardRemark: input.boardCodes.join(','),
    StopSaleRooms: [],
    StopSaleOperators: [],
    StopSaleBoards: [],
    StopSaleMarkets: [],
  };
}

/** Phase 1 creates the header: RecId 0 and every child list empty (children make Sedna fail). */
export function phase1Payload(input: StopSaleHeaderInput): StopSalePayload {
  return header(input, 0);
}

/** Phase 2 repeats the header with the RecId and attaches children whose StopSaleId is that RecId. */
export function phase2Payload(
  input: StopSaleHeaderInput,
  sednaId: number,
  children: StopSaleChildren,
): StopSalePayload {
  const child = { State: 1 as const, StopSaleId: sednaId };
  return {
    ...header(input, sednaId),
    StopSaleRooms: children.roomTypeIds.map((RoomTypeId) => ({ RoomTypeId, ...child })),
    StopSaleOperators: children.operatorIds.map((OperatorId) => ({ OperatorId, ...child })),
    StopSaleBoards: children.boardIds.map((BoardId) => ({ BoardId, ...child })),
    StopSaleMarkets: children.marketIds.map((MarketId) => ({ MarketId, ...child })),
  };
}
