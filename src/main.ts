// First: tracing must be set up before anything loads http (src/telemetry/tracing.ts).
import './telemetry/start-api-tracing';
import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './app';
import { loadConfig } from './config/app-config';

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  app.get(Logger).log(`API listening on ${await app.getUrl()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
