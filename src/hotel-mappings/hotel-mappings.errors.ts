/** The `code` of every problem the hotel-mapping and Sedna-connection routes answer. */
export enum HotelMappingsErrorCode {
  HOTEL_MAPPING_NOT_FOUND = 'HOTEL_MAPPING_NOT_FOUND',
  HOTEL_NAME_WITHOUT_KEY = 'HOTEL_NAME_WITHOUT_KEY',
  HOTEL_NAME_TAKEN = 'HOTEL_NAME_TAKEN',
  /** Looks like another mapping's name (UTS #39 skeleton); `confirm_confusable` overrides. */
  HOTEL_NAME_CONFUSABLE = 'HOTEL_NAME_CONFUSABLE',
  SEDNA_HOTEL_UNKNOWN = 'SEDNA_HOTEL_UNKNOWN',
  SEDNA_HOTEL_INACTIVE = 'SEDNA_HOTEL_INACTIVE',
  SEDNA_REFUSED = 'SEDNA_REFUSED',
  SEDNA_UNREACHABLE = 'SEDNA_UNREACHABLE',
}
