/**
 * `npm run dev`: the whole stack on embedded defaults (state under .data/), a demo tenant with
 * demo e-mails, the URLs and a dev token printed. Ctrl-C stops everything it started.
 */
import { dashboardDir } from '../src/dashboard/serve-dashboard';
import { LocalStack, startLocalStack } from './app-stack';

function banner(stack: LocalStack, seconds: number): string {
  const seeded = stack.seed
    ? `${stack.seed.created} demo e-mails created, ${stack.seed.duplicates} already there`
    : 'not seeded';
  return [
    '',
    `Sedna Sync Orchestrator is running (started in ${seconds.toFixed(1)}s)`,
    `  API           ${stack.apiUrl}`,
    `  OpenAPI docs  ${stack.docsUrl}`,
    `  Temporal UI   ${stack.temporalUiUrl}   (gRPC ${stack.temporalAddress})`,
    `  Dashboard     ${dashboardDir() ? `${stack.apiUrl}/#token=${stack.token}` : 'not built: npm run build:web'}`,
    `  Sedna sim     ${stack.simulatorUrl}`,
    `  PostgreSQL    ${stack.databaseUrl}`,
    `  Tenant        ${stack.tenantId} (${seeded})`,
    '',
    'Dev token (30 days):',
    stack.token,
    '',
    `  curl -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/api/emails/pending`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

let stopping = false;

function onShutdown(stop: () => Promise<void>) {
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the stack…`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function main() {
  const started: { stack?: LocalStack } = {};
  // A signal during start-up exits at once; the exit hook of managed-process stops the
  // children started so far.
  onShutdown(async () => started.stack?.stop());
  const startedAt = Date.now();
  const stack = await startLocalStack({ seed: true });
  started.stack = stack;
  console.log(banner(stack, (Date.now() - startedAt) / 1000));
  // A service that dies is reported; the rest keeps running for inspection.
  for (const proc of [stack.api, stack.simulator, ...stack.workers]) {
    void proc.exited.then((code) => {
      if (!stopping) console.error(`[${proc.name}] exited unexpectedly (${code})`);
    });
  }
}

main().catch((err: unknown) => {
  console.error('dev stack failed to start:', err);
  process.exit(1);
});
