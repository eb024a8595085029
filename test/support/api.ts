import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { AppConfig, loadConfig } from '../../src/config/app-config';

export interface RunningApi {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  url: string;
  /** The Nest application, for tests that look at a service inside the API. */
  app: INestApplication;
  close(): Promise<void>;
}

/** The API in this process (on a free port unless `port` is given), configured from the harness's environment. */
export async function startApi(overrides: Partial<AppConfig> = {}): Promise<RunningApi> {
  const config: AppConfig = { ...loadConfig(), port: 0, ...overrides };
  const app = await createApp(config);
  await app.listen(config.port, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}
