/** Shapes of Sedna's B2B API as far as the integration uses them (see SEDNA_API.md). */

export interface SednaCredentials {
  apiUrl: string;
  username: string;
  password: string;
  operatorId: number;
  operatorCode: string;
  authorityId: number;
  rateLimitPerSecond: number;
}

/** A tenant's credentials as stored, with the identity of the connection they make. */
export interface TenantSednaCredentials extends SednaCredentials {
  /** tenant_settings.sedna_connection: the identity of (URL, user, operator). */
  connection: string;
  /** tenant_settings.settings_version when these were read: a session belongs to one version. */
  settingsVersion: number;
}

export interface SednaHotel {
  id: number;
  name: string;
  isActive: boolean;
}

export interface SednaCode {
  id: number;
  code: string;
}

export interface StopSaleChild {
  State: 1;
  StopSaleId: number;
}

export interface StopSalePayload {
  RecId: number;
  HotelId: number;
  BeginDate: string;
  EndDate: string;
  DeclareDate: string;
  Active: 0;
  State: 1;
  RecordSource: 0;
  RecordUser: string;
  StopType: 0 | 1;
  Authority: number;
  RoomRemark: string;
  OperatorRemark: string;
  BoardRemark: string;
  StopSaleRooms: (StopSaleChild & { RoomTypeId: number })[];
  StopSaleOperators: (StopSaleChild & { OperatorId: number })[];
  StopSaleBoards: (StopSaleChild & { BoardId: number })[];
  StopSaleMarkets: (StopSaleChild & { MarketId: number })[];
}

export interface StopSaleHeader {
  sednaId: number;
  hotelId: number;
  beginDate: string;
  endDate: string;
  declareDate: string;
  recordUser: string;
  /** 0 = stop (close), 1 = open; null when the list leaves it out. */
  stopType: number | null;
  /** Comma-joined codes as Sedna keeps them ('' = all rooms / all boards). */
  roomRemark: string;
  boardRemark: string;
  operatorRemark: string;
}

/** A reservation as Sedna's GetReservationByVoucher shows it (shape assumed, SEDNA_API.md). */
export interface SednaReservationView {
  sednaId: number;
  hotelId: number | null;
  /** yyyy-MM-dd. */
  checkIn: string;
  checkOut: string;
  /** Sedna's status word, e.g. 'Active', 'Cancelled'; null when absent. */
  status: string | null;
  rooms: {
    roomTypeId: number | null;
    boardId: number | null;
    adults: number | null;
    children: number | null;
  }[];
}

export interface ReservationRoomPayload {
  CheckinDate: string;
  CheckOutDate: string;
  HotelId: number;
  RoomTypeId: number;
  BoardId: number;
  OperatorId: number;
  Adult: number;
  Child: number;
  Voucher: string;
  SourceId: string;
  SaleDate: string;
  Amount: number | null;
  ReservationRemark: string;
  IsReservationChanged: false;
  IsBabyFree: true;
  CheckContract: true;
  Customers: ReservationCustomer[];
}

export interface ReservationCustomer {
  Title: string;
  FirstName: string;
  LastName: string;
  BirthDate: string | null;
  Age: number | null;
  PassNo: string;
  Nationality: string;
  IsArrivalTransfer: 0;
  IsDepartureTransfer: 0;
}
