import { loadConfig } from '../../src/config/app-config';
import { ProgressHub } from '../../src/sync/progress-hub.service';
import {
  PROGRESS_LISTEN_APP_NAME,
  ProgressNotifications,
} from '../../src/sync/progress-notifications';
import { queryDb } from '../support/db';
import { ProgressFrame, readProgress } from '../support/sse';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simPost,
  startSync,
  Tenant,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

/** The periodic poll, slowed down so far that only the notifications can explain prompt events. */
const FALLBACK_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listenerPids(): Promise<number[]> {
  const rows = await queryDb<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [PROGRESS_LISTEN_APP_NAME],
  );
  return rows.map((r) => r.pid);
}

describe('progress woken by item completions (LISTEN sync_progress)', () => {
  const stack = useSyncStack({
    api: { sync: { ...loadConfig().sync, progressPollIntervalMs: FALLBACK_MS } },
  });
  let tenant: Tenant;

  beforeAll(async () => {
    tenant = await createTenant(stack.api.url, stack.sim, { rate: 20 });
  });

  /** A 5-item run watched from its start: every frame, and when the stream was opened. */
  async function watchRun(prefix: string) {
    // Items finish one after another over a second or so, each well after the first poll.
    await simPost(stack.sim, 'config', { latencyMs: 150 });
    const ids = await importEmails(stack.api.url, tenant, reservationEmails(prefix, 5));
    const syncId = await startSync(stack.api.url, tenant, ids);
    const openedAt = Date.now();
    const frames = await readProgress(stack.api.url, syncId, tenant.token).done;
    await simPost(stack.sim, 'config', { latencyMs: 0 });
    const items = await queryDb<{ event_seq: number; done_ms: number }>(
      `SELECT i.event_seq, (extract(epoch FROM i.processed_at) * 1000)::float8 AS done_ms
         FROM sync_items i JOIN sync_runs r ON r.id = i.sync_run_id WHERE r.sync_id = $1`,
      [syncId],
    );
    return { frames, openedAt, doneAt: new Map(items.map((i) => [i.event_seq, i.done_ms])) };
  }

  function expectPrompt(run: {
    frames: ProgressFrame[];
    openedAt: number;
    doneAt: Map<number, number>;
  }) {
    const progress = run.frames.filter((f) => f.type === 'progress');
    expect(progress.map((f) => f.id)).toEqual([1, 2, 3, 4, 5]);
    expect(run.frames.at(-1)!.type).toBe('complete');
    // The stream's first poll answers at once; the next periodic one would be FALLBACK_MS later.
    const delays = progress.map((f) => f.receivedAt - run.doneAt.get(f.id)!);
    console.log(`item done → event (ms): ${delays.map((d) => d.toFixed(0)).join(', ')}`);
    for (const frame of run.frames)
      expect(frame.receivedAt - run.openedAt).toBeLessThan(FALLBACK_MS);
    for (const delay of delays) expect(delay).toBeLessThan(FALLBACK_MS / 2);
  }

  it('streams every event long before the slow periodic poll could', async () => {
    expectPrompt(await watchRun('wake'));
  });

  it('listens again after its connection is terminated', async () => {
    const notifications = stack.api.app.get(ProgressNotifications);
    const [pid] = await listenerPids();
    expect(pid).toBe(notifications.listenerPid);
    const [{ terminated }] = await queryDb<{ terminated: boolean }>(
      'SELECT pg_terminate_backend($1) AS terminated',
      [pid],
    );
    expect(terminated).toBe(true);

    const deadline = Date.now() + 30_000;
    let pids = await listenerPids();
    while (!(pids.length === 1 && pids[0] !== pid && notifications.listenerPid === pids[0])) {
      if (Date.now() > deadline) throw new Error(`LISTEN not re-established: ${pids.join(',')}`);
      await sleep(100);
      pids = await listenerPids();
    }
    const pollsBefore = stack.api.app.get(ProgressHub).pollsIssued;
    expectPrompt(await watchRun('rewake'));
    expect(stack.api.app.get(ProgressHub).pollsIssued).toBeGreaterThan(pollsBefore);
  });
});
