import 'reflect-metadata';
import { createApp } from './app';
import { loadConfig } from './config/app-config';

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  console.log(
    JSON.stringify({
      level: 'info',
      service: 'api',
      msg: `API listening on ${await app.getUrl()}`,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
