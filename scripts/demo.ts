/**
 * `npm run demo`: one bulk sync end to end on a throwaway local stack — the demo e-mails are
 * synced to the Sedna simulator with a live progress bar read from the SSE stream, then the
 * summary, the Excel report and the link to the run in the Temporal UI.
 */
import { EventSource } from 'eventsource';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStack, startLocalStack } from './app-stack';
import { REPO_ROOT } from './managed-process';

interface Progress {
  type: 'progress' | 'complete';
  current?: number;
  total?: number;
  item?: { status: string; type: string; email_id: number; error?: string };
  summary?: { total: number; successful: number; failed: number; duration_seconds: number };
}

async function api<T>(stack: LocalStack, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function bar(current: number, total: number, failed: number): string {
  const width = 40;
  const filled = Math.round((current / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current}/${total}  failed ${failed} `;
}

/** Follows the run's progress stream until its `complete` event. */
function follow(stack: LocalStack, syncId: string): Promise<Progress> {
  const source = new EventSource(
    `${stack.apiUrl}/api/sync/${syncId}/progress?access_token=${stack.token}`,
  );
  let failed = 0;
  return new Promise((resolve) => {
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as Progress;
      if (event.type === 'complete') {
        source.close();
        process.stdout.write('\n');
        resolve(event);
        return;
      }
      if (event.item?.status === 'failed') failed++;
      process.stdout.write(bar(event.current ?? 0, event.total ?? 1, failed));
    };
  });
}

async function pendingEmailIds(stack: LocalStack): Promise<number[]> {
  const page = await api<{ items: { id: number }[] }>(
    stack,
    'GET',
    '/api/emails/pending?limit=50', // the page maximum; the demo seeds 40
  );
  return page.items.map((email) => email.id);
}

async function main() {
  console.log('Starting a throwaway local stack (Temporal, PostgreSQL, simulator, API, worker)…');
  const stack = await startLocalStack({ seed: true, ephemeral: true, onLine: () => undefined });
  try {
    const ids = await pendingEmailIds(stack);
    const started = await api<{ sync_id: string; total_items: number }>(
      stack,
      'POST',
      '/api/sync/emails',
      {
        email_ids: ids,
      },
    );
    console.log(
      `Syncing ${started.total_items} items from ${ids.length} e-mails (run ${started.sync_id})`,
    );
    const complete = await follow(stack, started.sync_id);
    const result = await api<{
      status: string;
      failed: { email_id: number; type: string; error: string }[];
      temporal_ui_url: string;
    }>(stack, 'GET', `/api/sync/${started.sync_id}/result`);
    const { summary } = complete;
    console.log(
      `Result: ${result.status} — ${summary?.successful} synced, ${summary?.failed} failed in ${summary?.duration_seconds}s`,
    );
    for (const failure of result.failed)
      console.log(`  e-mail ${failure.email_id} (${failure.type}): ${failure.error}`);
    const report = await fetch(`${stack.apiUrl}/api/sync/${started.sync_id}/report`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    const dir = join(REPO_ROOT, 'reports');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `sync-report-${started.sync_id}.xlsx`);
    writeFileSync(file, Buffer.from(await report.arrayBuffer()));
    console.log(`Report: ${file}`);
    console.log(`Temporal UI: ${result.temporal_ui_url}`);
    console.log(`Dashboard: ${stack.apiUrl}/  (token below)\n${stack.token}`);
    // Interactive: keep the stack up so the links work; scripted (CI): stop at once.
    if (process.stdin.isTTY) await untilInterrupted();
  } finally {
    await stack.stop();
  }
}

function untilInterrupted(): Promise<void> {
  console.log('\nThe stack stays up for a look around; Ctrl-C stops it.');
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
