import axios, { AxiosInstance, AxiosRequestConfig, AxiosResponse, isAxiosError } from 'axios';
import { classifyTransportFailure, SednaError } from './sedna-errors';
import type {
  ReservationRoomPayload,
  SednaCode,
  SednaCredentials,
  SednaHotel,
  StopSaleHeader,
  StopSalePayload,
} from './sedna-types';

export const SEDNA_TIMEOUT_MS = 30_000;

/** The session cookie of one tenant, shared by every activity of this process. */
export interface SednaSession {
  cookie?: string;
}

/** Observes every request, for metrics. */
export type SednaRequestObserver = (call: string, outcome: string) => void;

type Json = Record<string, unknown>;

/** Reads a key the way ASP.NET binds it: case-insensitively. */
function field(record: unknown, key: string): unknown {
  if (!record || typeof record !== 'object') return undefined;
  const wanted = key.toLowerCase();
  const entry = Object.entries(record).find(([k]) => k.toLowerCase() === wanted);
  return entry?.[1];
}

/** List endpoints answer with a bare array or with `{Data: [...]}`. */
function listOf(body: unknown): Json[] {
  const list = Array.isArray(body) ? body : field(body, 'Data');
  return Array.isArray(list) ? (list as Json[]) : [];
}

function envelopeOf(call: string, body: unknown): { recId: number | null } {
  const envelope = Array.isArray(body) ? body[0] : body;
  const errorType = Number(field(envelope, 'ErrorType'));
  if (!Number.isFinite(errorType))
    throw new SednaError('uncertain', `${call}: unreadable answer from Sedna`);
  if (errorType !== 0) {
    const message = String(field(envelope, 'Message') ?? 'no message');
    throw new SednaError('rejected', `${call}: Sedna error ${errorType}: ${message}`);
  }
  const recId = Number(field(envelope, 'RecId'));
  return { recId: Number.isFinite(recId) && recId > 0 ? recId : null };
}

function requireRecId(call: string, body: unknown): number {
  const { recId } = envelopeOf(call, body);
  if (recId === null) throw new SednaError('uncertain', `${call}: Sedna answered without a RecId`);
  return recId;
}

/**
 * One method, one HTTP request, each claimed from the tenant's pace (`beforeSend`) as it leaves.
 * Throws SednaError, classified for the retry policy.
 */
export class SednaClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly credentials: SednaCredentials,
    private readonly session: SednaSession,
    private readonly observe: SednaRequestObserver = () => undefined,
    timeoutMs = SEDNA_TIMEOUT_MS,
    /** Awaited right before each request leaves: the request pacer's claim. */
    private readonly beforeSend: () => Promise<void> = async () => undefined,
  ) {
    this.http = axios.create({
      baseURL: `${credentials.apiUrl.replace(/\/+$/, '')}/api/`,
      timeout: timeoutMs,
      validateStatus: () => true,
      // Keep secrets out of error messages: axios puts the URL (with query) in some of them.
      transitional: { clarifyTimeoutError: true },
    });
  }

  hasSession(): boolean {
    return Boolean(this.session.cookie);
  }

  /** Forgets the session, so that the next attempt logs in again. */
  dropSession(): void {
    this.session.cookie = undefined;
  }

  async login(): Promise<void> {
    const { username, password } = this.credentials;
    const res = await this.send('AgencyLogin', {
      method: 'GET',
      url: 'Integratiion/AgencyLogin',
      params: { username, password },
    });
    envelopeOf('AgencyLogin', res.data);
    const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    if (!cookie) throw new SednaError('uncertain', 'AgencyLogin: Sedna set no session cookie');
    this.session.cookie = cookie;
  }

  async getHotels(): Promise<SednaHotel[]> {
    const res = await this.sendWithSession('GetHotelList', {
      method: 'POST',
      url: 'Integratiion/GetHotelList',
      params: { operatorId: this.credentials.operatorId, isActive: true },
    });
    return listOf(res.data).map((h) => ({
      id: Number(field(h, 'RecId')),
      name: String(field(h, 'Name') ?? ''),
      isActive: field(h, 'IsActive') !== false,
    }));
  }

  async getRoomTypes(): Promise<SednaCode[]> {
    const res = await this.sendWithSession('GetRoomTypeList', {
      method: 'POST',
      url: 'Integratiion/GetRoomTypeList',
      params: { operatorId: this.credentials.operatorId },
    });
    return listOf(res.data).map((r) => ({
      id: Number(field(r, 'RoomTypeId')),
      code: String(field(r, 'Code') ?? '').toUpperCase(),
    }));
  }

  async getBoards(): Promise<SednaCode[]> {
    const res = await this.sendWithSession('GetBoardList', {
      method: 'GET',
      url: 'Service2/GetBoardList',
    });
    return listOf(res.data).map((b) => ({
      id: Number(field(b, 'BoardId')),
      code: String(field(b, 'Code') ?? '').toUpperCase(),
    }));
  }

  /** Phase 1 (RecId 0) creates the header and returns its RecId; Phase 2 fills it. */
  async updateStopSale(payload: StopSalePayload): Promise<number> {
    const call = payload.RecId === 0 ? 'UpdateStopSale:phase1' : 'UpdateStopSale:phase2';
    const res = await this.sendWithSession(call, {
      method: 'PUT',
      url: 'Contract/UpdateStopSale',
      data: payload,
    });
    return payload.RecId === 0
      ? requireRecId(call, res.data)
      : (envelopeOf(call, res.data).recId ?? payload.RecId);
  }

  /** Stop-sale headers of one hotel whose stop dates overlap the range (dates yyyy-MM-dd). */
  async listStopSales(query: {
    hotelId: number;
    stopDateBegin: string;
    stopDateEnd: string;
    recordDateBegin: string;
    recordDateEnd: string;
  }): Promise<StopSaleHeader[]> {
    const res = await this.sendWithSession('GetStopSaleList', {
      method: 'POST',
      url: 'Integratiion/GetStopSaleList',
      params: query,
    });
    return listOf(res.data).map((s) => ({
      recId: Number(field(s, 'RecId')),
      hotelId: Number(field(s, 'HotelId')),
      beginDate: String(field(s, 'BeginDate') ?? ''),
      endDate: String(field(s, 'EndDate') ?? ''),
      declareDate: String(field(s, 'DeclareDate') ?? ''),
      recordUser: String(field(s, 'RecordUser') ?? ''),
    }));
  }

  async insertReservation(voucherNo: string, rooms: ReservationRoomPayload[]): Promise<number> {
    const { username, password } = this.credentials;
    const res = await this.send('InsertReservation', {
      method: 'POST',
      url: 'Integratiion/InsertReservation',
      params: { username, password, voucherNo },
      data: rooms,
    });
    return requireRecId('InsertReservation', res.data);
  }

  /** Sedna's id of the reservation with this voucher, or null when it has none. */
  async findReservationByVoucher(voucherNo: string): Promise<number | null> {
    const res = await this.sendWithSession('GetReservationByVoucher', {
      method: 'GET',
      url: 'Reservation/GetReservationByVoucher',
      params: { voucher: voucherNo, operatorId: this.credentials.operatorId },
    });
    const found = [...listOf(res.data), res.data].find((r) => Number(field(r, 'RecId')) > 0);
    return found ? Number(field(found, 'RecId')) : null;
  }

  private async sendWithSession(call: string, config: AxiosRequestConfig): Promise<AxiosResponse> {
    if (!this.session.cookie) throw new SednaError('session', `${call}: no Sedna session`);
    const res = await this.send(call, { ...config, headers: { Cookie: this.session.cookie } });
    return res;
  }

  private async send(call: string, config: AxiosRequestConfig): Promise<AxiosResponse> {
    let res: AxiosResponse;
    await this.beforeSend();
    try {
      res = await this.http.request(config);
    } catch (err) {
      const code = isAxiosError(err) ? err.code : undefined;
      this.observe(call, code ?? 'error');
      throw classifyTransportFailure(call, { code, message: 'request failed' });
    }
    this.observe(call, String(res.status));
    if (res.status === 401) this.dropSession();
    if (res.status >= 300) {
      const retryAfter = res.headers['retry-after'] as string | undefined;
      throw classifyTransportFailure(call, {
        status: res.status,
        retryAfter,
        message: res.statusText,
      });
    }
    return res;
  }
}
