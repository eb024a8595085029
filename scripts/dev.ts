/**
 * `npm run dev`: the whole stack on embedded defaults (state under .data/), a demo tenant with
 * demo e-mails, the URLs and a dev token printed. Ctrl-C stops everything it started.
 */
import { LocalStack, startLocalStack } from './app-stack';

function banner(stack: LocalStack): string {
  const seeded = stack.seed
    ? `${stack.seed.created} demo e-mails created, ${stack.seed.duplicates} already there`
    : 'not seeded';
  return [
    '',
    'Sedna Sync Orchestrator is running',
    `  API           ${stack.apiUrl}`,
    `  OpenAPI docs  ${stack.docsUrl}`,
    `  Temporal UI   ${stack.temporalUiUrl}   (gRPC ${stack.temporalAddress})`,
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

function onShutdown(stop: () => Promise<void>) {
  let stopping = false;
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
  let stack: LocalStack | undefined;
  // Signals during start-up must still stop what was started so far.
  onShutdown(async () => stack?.stop());
  stack = await startLocalStack({ seed: true });
  console.log(banner(stack));
  // If a service dies, say so; the rest keeps running for inspection.
  for (const proc of [stack.api, stack.simulator, ...stack.workers]) {
    void proc.exited.then((code) => console.error(`[${proc.name}] exited (${code})`));
  }
}

main().catch((err: unknown) => {
  console.error('dev stack failed to start:', err);
  process.exit(1);
});
