import axios, {
  AxiosError,
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  isAxiosError,
} from 'axios';
import http, { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import https from 'node:https';
import {
  OUTBOUND_REFUSED,
  OutboundAgents,
  outboundAgentsFromEnv,
} from '../outbound/outbound-agent';
import { parseOutboundUrl } from '../outbound/outbound-url';
import {
  badSednaUrl,
  classifyTransportFailure,
  notSednaResponse,
  outboundRefused,
  SednaError,
} from './sedna-errors';
import type {
  ReservationRoomPayload,
  SednaCode,
  SednaCredentials,
  SednaHotel,
  SednaReservationView,
  StopSaleHeader,
  StopSalePayload,
} from './sedna-types';

export const SEDNA_TIMEOUT_MS = 30_000;

/**
 * How long a request that timed out keeps its connection open for a late answer (and its place
 * in the tenant's limit, README "The Sedna rate limit"). A Sedna that stopped reading reads what
 * was written to it when it resumes, even from a connection we closed, so such a request may
 * still arrive; it is over once Sedna answers, the connection closes, or this long has passed.
 */
export const LATE_ANSWER_WAIT_MS = 60 * 60_000;

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

/** Sedna's own text, shown to the tenant: only from a genuine envelope, and not unbounded. */
const MAX_MESSAGE_CHARS = 300;

/** Sedna's envelope: `{ErrorType: int, Message: string|null, RecId: int|null}` (SEDNA_API.md). */
function isEnvelope(value: unknown): value is Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const errorType = field(value, 'ErrorType');
  const message = field(value, 'Message');
  const sednaId = field(value, 'RecId');
  return (
    Number.isInteger(errorType) &&
    (message === undefined || message === null || typeof message === 'string') &&
    (sednaId === undefined || sednaId === null || Number.isInteger(sednaId))
  );
}

const isRecord = (value: unknown): value is Json =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** An integer as ASP.NET would bind it (numeric strings too), or null. */
function intOrNull(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** Throws unless the answer is an envelope (or an array of them) with ErrorType 0. */
function envelopeOf(call: string, res: AxiosResponse): { sednaId: number | null } {
  const body: unknown = res.data;
  const envelope: unknown = Array.isArray(body) ? body[0] : body;
  if (!isEnvelope(envelope)) throw notSednaResponse(call, res.status);
  const errorType = Number(field(envelope, 'ErrorType'));
  if (errorType !== 0) {
    const text = field(envelope, 'Message');
    const message =
      typeof text === 'string' && text ? text.slice(0, MAX_MESSAGE_CHARS) : 'no message';
    throw new SednaError('rejected', `${call}: Sedna error ${errorType}: ${message}`);
  }
  const sednaId = Number(field(envelope, 'RecId'));
  return { sednaId: Number.isFinite(sednaId) && sednaId > 0 ? sednaId : null };
}

/**
 * List endpoints answer with a bare array or with `{Data: [...]}` (perhaps inside an envelope,
 * whose error is then thrown). Anything else is not Sedna's answer.
 */
function listOf(call: string, res: AxiosResponse): Json[] {
  const body: unknown = res.data;
  const list = Array.isArray(body) ? body : field(body, 'Data');
  if (Array.isArray(list) && list.every(isRecord)) return list;
  if (list === undefined && isEnvelope(body)) {
    envelopeOf(call, res);
    return [];
  }
  throw notSednaResponse(call, res.status);
}

function requireRecId(call: string, res: AxiosResponse): number {
  const { sednaId } = envelopeOf(call, res);
  if (sednaId === null)
    throw new SednaError('uncertain', `${call}: Sedna answered without a RecId`);
  return sednaId;
}

/** Where Sedna's API lies below a tenant's base URL: every request goes to `<base>/api/…`. */
export const SEDNA_API_ROOT = '/api/';

/** Whether a failed request was refused by the outbound URL rules (the code may sit in a cause). */
function isOutboundRefusal(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === OUTBOUND_REFUSED) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Node's http/https as axios' transport, telling `onRequest` of each request it makes. */
function observedTransport(onRequest: (req: ClientRequest) => void) {
  return {
    request(options: RequestOptions, callback: (res: IncomingMessage) => void): ClientRequest {
      const req = (options.protocol === 'https:' ? https : http).request(options, callback);
      onRequest(req);
      return req;
    },
  };
}

/**
 * One method, one HTTP request, each claimed from the tenant's pace (`beforeSend`) as it leaves.
 * Throws SednaError, classified for the retry policy.
 */
export class SednaClient {
  private readonly http: AxiosInstance;
  /** Why the stored base URL breaks the form rules of SPEC §9 (then nothing is sent). */
  private readonly urlProblem?: string;

  /**
   * `agents` guard every connection (SPEC §9: no private, loopback, metadata… address, checked on
   * the resolved IP); by default the process's, under OUTBOUND_ALLOWED_HOSTS.
   */
  constructor(
    private readonly credentials: SednaCredentials,
    private readonly session: SednaSession,
    private readonly observe: SednaRequestObserver = () => undefined,
    private readonly timeoutMs = SEDNA_TIMEOUT_MS,
    agents: OutboundAgents = outboundAgentsFromEnv(),
    /**
     * Awaited right before each request leaves (the request pacer's claim); the function it may
     * return is called once the request is over (Sedna answered, or the connection closed).
     */
    private readonly beforeSend: () => Promise<(() => void) | void> = async () => undefined,
  ) {
    const parsed = parseOutboundUrl(credentials.apiUrl);
    if (!parsed.ok) this.urlProblem = parsed.reason;
    this.http = axios.create({
      baseURL: parsed.ok ? `${parsed.base}${SEDNA_API_ROOT}` : undefined,
      // The request timeout is `exchange`'s: a timed-out request is not always abandoned.
      timeout: 0,
      validateStatus: () => true,
      // A redirect could lead anywhere: it is an error, never followed.
      maxRedirects: 0,
      // An HTTP(S)_PROXY from the environment would connect past the guarded agents.
      proxy: false,
      httpAgent: agents.httpAgent,
      httpsAgent: agents.httpsAgent,
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
    envelopeOf('AgencyLogin', res);
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
    return listOf('GetHotelList', res).map((h) => ({
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
    return listOf('GetRoomTypeList', res).map((r) => ({
      id: Number(field(r, 'RoomTypeId')),
      code: String(field(r, 'Code') ?? '').toUpperCase(),
    }));
  }

  async getBoards(): Promise<SednaCode[]> {
    const res = await this.sendWithSession('GetBoardList', {
      method: 'GET',
      url: 'Service2/GetBoardList',
    });
    return listOf('GetBoardList', res).map((b) => ({
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
      ? requireRecId(call, res)
      : (envelopeOf(call, res).sednaId ?? payload.RecId);
  }

  /**
   * Stop-sale headers of one hotel declared within the record dates and, when given, whose stop
   * dates overlap the stop range (dates yyyy-MM-dd).
   */
  async listStopSales(query: {
    hotelId: number;
    stopDateBegin?: string;
    stopDateEnd?: string;
    recordDateBegin: string;
    recordDateEnd: string;
  }): Promise<StopSaleHeader[]> {
    const res = await this.sendWithSession('GetStopSaleList', {
      method: 'POST',
      url: 'Integratiion/GetStopSaleList',
      params: query,
    });
    return listOf('GetStopSaleList', res).map((s) => ({
      sednaId: Number(field(s, 'RecId')),
      hotelId: Number(field(s, 'HotelId')),
      beginDate: String(field(s, 'BeginDate') ?? ''),
      endDate: String(field(s, 'EndDate') ?? ''),
      declareDate: String(field(s, 'DeclareDate') ?? ''),
      recordUser: String(field(s, 'RecordUser') ?? ''),
      stopType: intOrNull(field(s, 'StopType')),
      roomRemark: String(field(s, 'RoomRemark') ?? ''),
      boardRemark: String(field(s, 'BoardRemark') ?? ''),
      operatorRemark: String(field(s, 'OperatorRemark') ?? ''),
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
    return requireRecId('InsertReservation', res);
  }

  /** Sedna's id of the reservation with this voucher, or null when it has none. */
  async findReservationByVoucher(voucherNo: string): Promise<number | null> {
    const res = await this.sendWithSession('GetReservationByVoucher', {
      method: 'GET',
      url: 'Reservation/GetReservationByVoucher',
      params: { voucher: voucherNo, operatorId: this.credentials.operatorId },
    });
    // A list, an envelope or the one reservation itself (the shape is not attested).
    const call = 'GetReservationByVoucher';
    const body: unknown = res.data;
    const single = isRecord(body) && field(body, 'Data') === undefined;
    if (single && isEnvelope(body)) return envelopeOf(call, res).sednaId;
    const candidates = single ? [body] : listOf(call, res);
    const found = candidates.find((r) => Number(field(r, 'RecId')) > 0);
    return found ? Number(field(found, 'RecId')) : null;
  }

  /**
   * Every reservation Sedna holds under this voucher for the tenant's operator, as read back by
   * the drift check. Read as a list, `{Data: [...]}`, or the one reservation itself.
   */
  async readReservationsByVoucher(voucherNo: string): Promise<SednaReservationView[]> {
    const call = 'GetReservationByVoucher';
    const res = await this.sendWithSession(call, {
      method: 'GET',
      url: 'Reservation/GetReservationByVoucher',
      params: { voucher: voucherNo, operatorId: this.credentials.operatorId },
    });
    const body: unknown = res.data;
    const single = isRecord(body) && field(body, 'Data') === undefined && !isEnvelope(body);
    const list = single ? [body] : listOf(call, res);
    return list
      .filter((r) => Number(field(r, 'RecId')) > 0)
      .map((r) => {
        const rooms = field(r, 'Rooms');
        const roomList = Array.isArray(rooms) ? rooms.filter(isRecord) : [r];
        return {
          sednaId: Number(field(r, 'RecId')),
          hotelId: intOrNull(field(r, 'HotelId') ?? field(roomList[0], 'HotelId')),
          checkIn: String(field(r, 'CheckinDate') ?? field(roomList[0], 'CheckinDate') ?? '').slice(
            0,
            10,
          ),
          checkOut: String(
            field(r, 'CheckOutDate') ?? field(roomList[0], 'CheckOutDate') ?? '',
          ).slice(0, 10),
          status: typeof field(r, 'Status') === 'string' ? (field(r, 'Status') as string) : null,
          rooms: roomList.map((room) => ({
            roomTypeId: intOrNull(field(room, 'RoomTypeId')),
            boardId: intOrNull(field(room, 'BoardId')),
            adults: intOrNull(field(room, 'Adult')),
            children: intOrNull(field(room, 'Child')),
          })),
        };
      });
  }

  private async sendWithSession(call: string, config: AxiosRequestConfig): Promise<AxiosResponse> {
    if (!this.session.cookie) throw new SednaError('session', `${call}: no Sedna session`);
    const res = await this.send(call, { ...config, headers: { Cookie: this.session.cookie } });
    return res;
  }

  private async send(call: string, config: AxiosRequestConfig): Promise<AxiosResponse> {
    if (this.urlProblem) {
      this.observe(call, 'url-refused');
      throw badSednaUrl(call, this.urlProblem);
    }
    let res: AxiosResponse;
    const over = (await this.beforeSend()) ?? (() => undefined);
    try {
      res = await this.exchange(config, over);
    } catch (err) {
      if (isOutboundRefusal(err)) {
        this.observe(call, 'address-refused');
        throw outboundRefused(call);
      }
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

  /**
   * The request, failing with ETIMEDOUT after the request timeout. A request still connecting
   * then is abandoned (nothing of it reached Sedna). One whose connection is open is not: a
   * Sedna that stopped reading reads it when it resumes, whatever we do with our end (closed
   * with FIN or RST alike, measured), so the connection stays open and `over` is called only
   * once Sedna answers, the connection closes, or LATE_ANSWER_WAIT_MS has passed.
   */
  private exchange(config: AxiosRequestConfig, over: () => void): Promise<AxiosResponse> {
    const abandon = new AbortController();
    let request: ClientRequest | undefined;
    const response = this.http.request({
      ...config,
      signal: abandon.signal,
      transport: observedTransport((req) => (request = req)),
    });
    const giveUp = setTimeout(() => abandon.abort(), LATE_ANSWER_WAIT_MS);
    giveUp.unref();
    void response.finally(() => clearTimeout(giveUp)).then(over, over);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const socket = request?.socket;
        if (!socket || socket.connecting) abandon.abort();
        reject(new AxiosError('Sedna did not answer in time', AxiosError.ETIMEDOUT));
      }, this.timeoutMs);
      void response.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }
}
