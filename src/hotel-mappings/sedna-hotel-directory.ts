import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReferenceCacheService } from '../sedna/reference-cache.service';
import { RequestPacer } from '../sedna/request-pacer';
import { SednaClient } from '../sedna/sedna-client';
import { earlierRequestsUnanswered, SednaError } from '../sedna/sedna-errors';
import { SednaSessions } from '../sedna/sedna-sessions';
import type { SednaHotel, TenantSednaCredentials } from '../sedna/sedna-types';
import { normaliseHotelName } from '../../shared/hotel-name-key';
import type { SednaConnectionTest, SednaHotelList } from '../contract/views-settings';
import { SettingsService } from '../settings/settings.service';
import { ProblemException, fieldProblem } from '../common/problem';
import { SettingsErrorCode } from '../settings/settings.errors';
import { HotelMappingsErrorCode } from './hotel-mappings.errors';

/**
 * The hotels Sedna lists for a tenant, for checking a mapping's hotel id (SPEC §9): the cached
 * list, else Sedna's own, fetched through the tenant's request pacer (the calls count against the
 * tenant's Sedna budget like the worker's) and cached for the worker too. Every call reads the
 * tenant's settings as they are now: the list read and cached is the current connection's, and
 * a session is bound to the settings it logged in with (SednaSessions).
 */
@Injectable()
export class SednaHotelDirectory {
  private readonly pacer: RequestPacer;
  /** Session cookies of this process, per tenant, each of the settings it logged in with. */
  private readonly sessions = new SednaSessions();
  private readonly timeoutMs: number;

  constructor(
    private readonly cache: ReferenceCacheService,
    private readonly settings: SettingsService,
    dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeoutMs = config.sednaTimeoutMs;
    this.pacer = new RequestPacer(dataSource);
  }

  /**
   * The active hotel Sedna lists under `id`, or a 400 naming `sedna_hotel_id`. A fresh cached
   * list that lacks the id is fetched again once: the hotel may have been added in Sedna today.
   */
  async requireHotel(tenantId: string, id: number): Promise<SednaHotel> {
    const unless = 'the hotel id cannot be checked';
    const creds = await this.requireCredentials(tenantId, unless);
    const cached = (await this.cache.freshLists(tenantId, creds.connection)).hotels;
    const hotel =
      cached?.find((h) => h.id === id) ??
      (await this.fetchHotels(tenantId, creds, unless)).find((h) => h.id === id);
    if (!hotel)
      throw fieldProblem(
        'sedna_hotel_id',
        HotelMappingsErrorCode.SEDNA_HOTEL_UNKNOWN,
        `Sedna lists no hotel ${id}`,
      );
    if (!hotel.isActive) {
      throw fieldProblem(
        'sedna_hotel_id',
        HotelMappingsErrorCode.SEDNA_HOTEL_INACTIVE,
        `Sedna lists hotel ${id} (${hotel.name}) as inactive`,
      );
    }
    return hotel;
  }

  /**
   * The active hotels whose name holds `search` (by the key mappings match on, else plainly
   * without case) or whose id it is, by name: the fresh cached list, else Sedna's own.
   */
  async searchHotels(
    tenantId: string,
    search: string | undefined,
    limit: number,
  ): Promise<SednaHotelList> {
    const unless = 'the hotels cannot be listed';
    const creds = await this.requireCredentials(tenantId, unless);
    const hotels =
      (await this.cache.freshLists(tenantId, creds.connection)).hotels ??
      (await this.fetchHotels(tenantId, creds, unless));
    const wanted = search ? normaliseHotelName(search) : '';
    const plain = search?.toLowerCase() ?? '';
    const matching = hotels
      .filter((h) => h.isActive)
      .filter(
        (h) =>
          !search ||
          String(h.id) === search ||
          (wanted !== '' && normaliseHotelName(h.name).includes(wanted)) ||
          h.name.toLowerCase().includes(plain),
      )
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    return {
      items: matching.slice(0, limit).map((h) => ({ id: h.id, name: h.name })),
      total: matching.length,
      limit,
    };
  }

  /**
   * The stored hotel list of the tenant's current connection, whatever its age (names change
   * rarely); undefined when none is stored, or no settings are.
   */
  async storedHotels(tenantId: string): Promise<SednaHotel[] | undefined> {
    const connection = await this.settings.sednaConnection(tenantId);
    return connection ? this.cache.storedHotels(tenantId, connection) : undefined;
  }

  private async requireCredentials(
    tenantId: string,
    unless: string,
  ): Promise<TenantSednaCredentials> {
    const creds = await this.settings.getSednaCredentials(tenantId);
    if (!creds) {
      throw new ProblemException(
        409,
        SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
        `Sedna settings are not configured, so ${unless}: save them (PUT /api/settings/sedna) first`,
      );
    }
    return creds;
  }

  private async fetchHotels(
    tenantId: string,
    creds: TenantSednaCredentials,
    unless: string,
  ): Promise<SednaHotel[]> {
    let hotels: SednaHotel[];
    try {
      hotels = await this.listHotels(tenantId, creds);
    } catch (err) {
      if (!(err instanceof SednaError)) throw err;
      // The message is written for the tenant (no host, port or socket detail).
      if (err.kind === 'rejected') {
        throw new ProblemException(
          409,
          HotelMappingsErrorCode.SEDNA_REFUSED,
          `Sedna refused the hotel list, so ${unless}: ${err.message}`,
        );
      }
      throw new ProblemException(
        503,
        HotelMappingsErrorCode.SEDNA_UNREACHABLE,
        `Sedna's hotel list could not be read, so ${unless}: ${err.message}`,
      );
    }
    await this.cache.store(tenantId, creds.connection, 'hotels', hotels);
    return hotels;
  }

  /**
   * The connection test (SPEC §10): a fresh login, then the hotel list, both through the tenant's
   * pacer (they count against its Sedna budget); the list is cached like any other fetch.
   * `latency_ms` is the time the two requests spent on the wire, not their wait for a turn.
   * A Sedna failure is an answer (`ok: false`) with the client's wording, never a non-Sedna text.
   */
  async testConnection(tenantId: string): Promise<SednaConnectionTest> {
    const creds = await this.settings.getSednaCredentials(tenantId);
    if (!creds) {
      throw new ProblemException(
        409,
        SettingsErrorCode.SEDNA_SETTINGS_NOT_CONFIGURED,
        'Sedna settings are not configured: save them (PUT /api/settings/sedna) before testing',
      );
    }
    const wire = { sentAt: 0, totalMs: 0 };
    let hotels: SednaHotel[];
    try {
      hotels = await this.listHotels(tenantId, creds, { freshLogin: true, wire });
    } catch (err) {
      if (!(err instanceof SednaError)) throw err;
      return { ok: false, detail: err.message };
    }
    await this.cache.store(tenantId, creds.connection, 'hotels', hotels);
    return { ok: true, latency_ms: Math.round(wire.totalMs), hotels: hotels.length };
  }

  /**
   * Login when needed (always with `freshLogin`), then GetHotelList; each request waits for its
   * turn, then is claimed. `wire` adds up the time from each claim to its answer.
   */
  private async listHotels(
    tenantId: string,
    creds: TenantSednaCredentials,
    opts: { freshLogin?: boolean; wire?: { sentAt: number; totalMs: number } } = {},
  ): Promise<SednaHotel[]> {
    const { session } = this.sessions.of(tenantId, creds);
    const { wire } = opts;
    const client = new SednaClient(
      creds,
      session,
      undefined,
      this.timeoutMs,
      undefined,
      async () => {
        // An API request waits for a place no longer than a Sedna request may take.
        const waited = AbortSignal.timeout(this.timeoutMs);
        const answered = await this.pacer
          .claim(tenantId, creds.rateLimitPerSecond, waited)
          .catch((err: unknown) => {
            throw waited.aborted ? earlierRequestsUnanswered() : err;
          });
        if (wire) wire.sentAt = performance.now();
        return answered;
      },
    );
    const paced = async <T>(request: () => Promise<T>): Promise<T> => {
      await this.pacer.waitForTurn(tenantId, creds.rateLimitPerSecond);
      try {
        return await request();
      } finally {
        if (wire && wire.sentAt) wire.totalMs += performance.now() - wire.sentAt;
        if (wire) wire.sentAt = 0;
      }
    };
    if (opts.freshLogin) client.dropSession();
    if (!client.hasSession()) await paced(() => client.login());
    try {
      return await paced(() => client.getHotels());
    } catch (err) {
      // An expired session: log in once more, then ask again.
      if (!(err instanceof SednaError) || err.kind !== 'session') throw err;
      client.dropSession();
      await paced(() => client.login());
      return paced(() => client.getHotels());
    }
  }
}
