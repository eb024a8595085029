import 'reflect-metadata';
import { startTracing } from './telemetry/tracing';
import { Logger } from 'nestjs-pino';
import { createApp } from './app';
import { loadConfig } from './config/app-config';

async function main() {
  startTracing('api');
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  app.get(Logger).log(`API listening on ${await app.getUrl()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
