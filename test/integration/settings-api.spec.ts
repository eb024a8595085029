import { ReferenceCacheService } from '../../src/sedna/reference-cache.service';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../src/common/secret-box';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SettingsRepository } from '../../src/settings/settings.repository';
import { SettingsService } from '../../src/settings/settings.service';
import { startApi, RunningApi } from '../support/api';
import { queryDb } from '../support/db';
import { call, HttpResult } from '../support/http';
import { makeToken } from '../support/tokens';

const newTenant = () => `settings-${randomUUID().slice(0, 8)}`;
const PASSWORD = `s3cret-${randomUUID()}`;

const sednaSettings = (overrides: Record<string, unknown> = {}) => ({
  api_url: 'http://test.kodsedna.com/SednaAgencyb2bApi/',
  username: 'agency-user',
  password: PASSWORD,
  operator_id: 571,
  operator_code: '7STAR',
  ...overrides,
});

describe('settings API', () => {
  let api: RunningApi;
  let dataSource: DataSource;
  let settingsService: SettingsService;
  /** Every response of this file, to prove none ever carries the password. */
  const responses: HttpResult[] = [];

  beforeAll(async () => {
    api = await startApi();
    const config = loadConfig();
    dataSource = await new DataSource(dataSourceOptions(config.databaseUrl, 2)).initialize();
    settingsService = new SettingsService(
      new SettingsRepository(dataSource),
      new SecretBox(config.settingsEncryptionKey),
      api.app.get(ReferenceCacheService),
      config,
    );
  });

  afterAll(async () => {
    for (const res of responses) expect(res.text).not.toContain(PASSWORD);
    await dataSource.destroy();
    await api.close();
  });

  async function request(method: string, path: string, token: string, body?: unknown) {
    const res = await call(api.url, method, path, { token, body });
    responses.push(res);
    return res;
  }

  describe('Sedna settings', () => {
    const tenant = newTenant();
    const token = makeToken(tenant);

    it('answers 404 before the tenant configures Sedna', async () => {
      const res = await request('GET', '/api/settings/sedna', token);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        type: 'urn:sedna-sync:problem:sedna-settings-not-configured',
        title: 'Sedna settings not configured',
        status: 404,
        detail: 'Sedna settings are not configured',
        code: 'SEDNA_SETTINGS_NOT_CONFIGURED',
      });
      expect(await settingsService.getSednaCredentials(tenant)).toBeNull();
    });

    it('requires the password the first time', async () => {
      const res = await request(
        'PUT',
        '/api/settings/sedna',
        token,
        sednaSettings({ password: undefined }),
      );
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('password: is required the first time Sedna settings are saved');
      expect(
        await queryDb('SELECT 1 FROM tenant_settings WHERE tenant_id = $1', [tenant]),
      ).toHaveLength(0);
    });

    it('stores the settings with defaults and answers without the password', async () => {
      const res = await request('PUT', '/api/settings/sedna', token, sednaSettings());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        api_url: 'http://test.kodsedna.com/SednaAgencyb2bApi',
        username: 'agency-user',
        operator_id: 571,
        operator_code: '7STAR',
        authority_id: 207,
        rate_limit_per_second: 5,
        password_set: true,
        updated_at: expect.any(String),
      });
      const read = await request('GET', '/api/settings/sedna', token);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('keeps the password encrypted at rest and decrypts it for the worker', async () => {
      const [row] = await queryDb<{ password_encrypted: string }>(
        'SELECT password_encrypted FROM tenant_settings WHERE tenant_id = $1',
        [tenant],
      );
      expect(row.password_encrypted).not.toContain(PASSWORD);
      expect(row.password_encrypted).toMatch(/^v1:/);
      expect(await settingsService.getSednaCredentials(tenant)).toEqual({
        apiUrl: 'http://test.kodsedna.com/SednaAgencyb2bApi',
        username: 'agency-user',
        password: PASSWORD,
        operatorId: 571,
        operatorCode: '7STAR',
        authorityId: 207,
        rateLimitPerSecond: 5,
        connection: expect.stringMatching(/^[0-9a-f]{32}$/),
        settingsVersion: expect.any(Number),
      });
    });

    it('keeps the stored password, authority and rate limit when a later PUT omits them', async () => {
      await request(
        'PUT',
        '/api/settings/sedna',
        token,
        sednaSettings({ authority_id: 300, rate_limit_per_second: 1000 }),
      );
      const res = await request(
        'PUT',
        '/api/settings/sedna',
        token,
        sednaSettings({
          password: undefined,
          username: 'renamed',
          api_url: 'https://sedna.example.com',
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        api_url: 'https://sedna.example.com',
        username: 'renamed',
        authority_id: 300,
        rate_limit_per_second: 1000,
      });
      expect(await settingsService.getSednaCredentials(tenant)).toMatchObject({
        password: PASSWORD,
        username: 'renamed',
      });
      expect(await settingsService.getSednaCredentials(tenant)).toMatchObject({
        rateLimitPerSecond: 1000,
      });
    });

    it('replaces the password when a new one is given', async () => {
      const newPassword = `${PASSWORD}-2`;
      await request('PUT', '/api/settings/sedna', token, sednaSettings({ password: newPassword }));
      expect(await settingsService.getSednaCredentials(tenant)).toMatchObject({
        password: newPassword,
      });
      await request('PUT', '/api/settings/sedna', token, sednaSettings());
    });

    it.each([
      [
        'an ftp URL',
        { api_url: 'ftp://sedna.example.com' },
        'api_url: must be an http or https URL',
      ],
      [
        'a URL without a scheme',
        { api_url: 'sedna.example.com' },
        'api_url: must be an http or https URL',
      ],
      ['a zero operator id', { operator_id: 0 }, 'operator_id: must be an integer from 1'],
      ['an operator id as text', { operator_id: '571' }, 'operator_id: must be an integer from 1'],
      [
        'a rate limit of 0',
        { rate_limit_per_second: 0 },
        'rate_limit_per_second: must be an integer from 1 to 1000',
      ],
      [
        'a rate limit of 1001',
        { rate_limit_per_second: 1001 },
        'rate_limit_per_second: must be an integer from 1 to 1000',
      ],
      ['an empty password', { password: '' }, 'password: must not be empty'],
      ['a missing username', { username: undefined }, 'username: must be a string'],
      ['an unknown field', { market_id: 10 }, 'market_id: property market_id should not exist'],
    ])('rejects %s naming the field', async (_name, overrides, detail) => {
      const before = await request('GET', '/api/settings/sedna', token);
      const res = await request('PUT', '/api/settings/sedna', token, sednaSettings(overrides));
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
      expect((await request('GET', '/api/settings/sedna', token)).body).toEqual(before.body);
    });

    it('keeps each tenant’s settings to itself', async () => {
      const other = newTenant();
      const otherToken = makeToken(other);
      expect((await request('GET', '/api/settings/sedna', otherToken)).status).toBe(404);
      await request(
        'PUT',
        '/api/settings/sedna',
        otherToken,
        sednaSettings({ password: 'other-password', operator_id: 3 }),
      );
      expect((await request('GET', '/api/settings/sedna', otherToken)).body.operator_id).toBe(3);
      expect((await request('GET', '/api/settings/sedna', token)).body.operator_id).toBe(571);
      expect(await settingsService.getSednaCredentials(tenant)).toMatchObject({
        password: PASSWORD,
      });
    });
  });
});
