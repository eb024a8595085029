/** CLI: `npm run sedna-sim`; port from SEDNA_SIM_PORT (default 7070). */
import { startSednaSimulator } from './sedna-simulator';

const DEFAULT_PORT = 7070;

function portFromEnv(): number {
  const raw = process.env.SEDNA_SIM_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid SEDNA_SIM_PORT: ${raw}`);
  }
  return port;
}

async function main(): Promise<void> {
  const sim = await startSednaSimulator({ port: portFromEnv() });
  console.log(`Sedna simulator listening on ${sim.url} (stats: ${sim.url}/__sim/stats)`);
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal} received, stopping the Sedna simulator`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
