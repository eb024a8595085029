/** The tenant's Sedna settings and hotel mappings (/api/settings/sedna…, /api/hotel-mappings). */

/** GET and PUT /api/settings/sedna: everything but the password. */
export interface SednaSettings {
  api_url: string;
  username: string;
  operator_id: number;
  operator_code: string;
  authority_id: number;
  rate_limit_per_second: number;
  password_set: boolean;
  updated_at: string;
}

/** Body of PUT /api/settings/sedna. */
export interface SednaSettingsInput {
  api_url: string;
  username: string;
  /** Write-only: omitted keeps the stored one. */
  password?: string;
  operator_id: number;
  operator_code: string;
  authority_id?: number;
  rate_limit_per_second?: number;
}

/** POST /api/settings/sedna/test: a login and a hotel list with the saved settings (SPEC §10). */
export type SednaConnectionTest =
  { ok: true; latency_ms: number; hotels: number } | { ok: false; detail: string };

/** GET /api/settings/sedna/hotels: Sedna's active hotels by name, `total` matching. */
export interface SednaHotelList {
  items: { id: number; name: string }[];
  /** Active hotels matching the search, beyond the listed ones too. */
  total: number;
  /** The page size used (a larger `limit` is clamped). */
  limit: number;
}

/** A hotel mapping (GET /api/hotel-mappings lists them; POST and PUT answer one). */
export interface HotelMapping {
  id: number;
  hotel_name: string;
  normalized_name: string;
  sedna_hotel_id: number;
  /** Sedna's name for the hotel; null when no hotel list is cached or it lacks the id. */
  sedna_hotel_name: string | null;
  /**
   * The Sedna now configured no longer lists the hotel under the name it was mapped to: never
   * used (its items fail with HOTEL_MAPPING_STALE). Null when no list of that Sedna is cached.
   */
  stale: boolean | null;
  created_at: string;
}

/** Body of POST /api/hotel-mappings and PUT /api/hotel-mappings/{id}. */
export interface HotelMappingInput {
  hotel_name: string;
  sedna_hotel_id: number;
  /** Map it although its name is confusable with another mapping's. */
  confirm_confusable?: boolean;
}
