import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { sleep, waitFor } from '../../scripts/local-stack';
import { queryDb } from '../support/db';
import { call } from '../support/http';
import {
  createTenant,
  importEmails,
  reservationEmails,
  simGet,
  simPost,
  startSync,
  stopSaleEmail,
  stopSaleEmails,
  Tenant,
  waitForRun,
} from '../support/sync-fixtures';
import { useSyncStack } from '../support/sync-stack';

// Tests read API bodies freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** 'HH:MM' of an instant in a time zone. */
function clockIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

const toClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));

const SCHEDULED_START = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/** A UTC window (and nightly and drift-check time) that no natural action hits while a test runs. */
function closedForAnHour() {
  const now = toMinutes(clockIn('UTC', new Date()));
  const start = now < 20 * 60 ? now - (now % 5) + 120 : 0;
  return {
    window_start: toClock(start),
    window_end: toClock(start + 30),
    nightly_retry_time: toClock(start),
    drift_check_time: toClock(start),
  };
}

/** A zone where it is now between 02:00 and 21:00, so a window around now stays within the day. */
function zoneInDaytime(): { timeZone: string; nowMinutes: number } {
  for (const timeZone of [
    'Europe/Istanbul',
    'America/New_York',
    'Asia/Tokyo',
    'Pacific/Auckland',
  ]) {
    const nowMinutes = toMinutes(clockIn(timeZone, new Date()));
    if (nowMinutes >= 120 && nowMinutes <= 21 * 60) return { timeZone, nowMinutes };
  }
  throw new Error('no zone in daytime');
}

describe('scheduled auto-sync on Temporal schedules', () => {
  const stack = useSyncStack();

  const request = (tenant: Tenant, method: string, path: string, body?: unknown) =>
    call(stack.api.url, method, `/api/schedules${path}`, { token: tenant.token, body });
  const schedule = (id: string) => stack.temporal.schedule.getHandle(id);
  const runsOf = (tenant: Tenant) =>
    queryDb('SELECT * FROM sync_runs WHERE tenant_id = $1 ORDER BY id', [tenant.id]);

  it('saves the settings and keeps one Temporal schedule per tenant in line with them', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const initial = await request(tenant, 'GET', '');
    expect(initial.body).toMatchObject({
      enabled: false,
      interval_minutes: 10,
      window_start: '08:00',
      window_end: '23:00',
      time_zone: 'UTC',
      max_items: 500,
      drift_check: true,
      drift_check_time: '03:00',
      drift_check_window_days: 30,
      schedules: [],
      updated_at: null,
    });

    const saved = await request(tenant, 'PUT', '', {
      enabled: true,
      interval_minutes: 15,
      window_start: '07:30',
      window_end: '22:00',
      time_zone: 'europe/istanbul',
      max_items: 200,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      enabled: true,
      paused: false,
      time_zone: 'Europe/Istanbul',
      nightly_retry: false,
      schedules: [
        {
          schedule_id: `auto-sync-${tenant.id}`,
          kind: 'auto-sync',
          paused: false,
          running: false,
          temporal_ui_url: expect.stringMatching(
            new RegExp(`/namespaces/default/schedules/auto-sync-${tenant.id}$`),
          ),
        },
        // The daily drift check comes with the schedules unless turned off.
        { schedule_id: `drift-check-${tenant.id}`, kind: 'drift-check', paused: false },
      ],
    });
    expect(saved.body.schedules[0].next_run_times).toHaveLength(10);
    expect((await request(tenant, 'GET', '')).body).toEqual(saved.body);

    const described = await schedule(`auto-sync-${tenant.id}`).describe();
    expect(described.spec.timezone).toBe('Europe/Istanbul');
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.state.note).toContain(`Auto-sync of tenant ${tenant.id}`);
    expect(described.action).toMatchObject({
      workflowType: 'scheduledSyncWorkflow',
      taskQueue: 'sedna-sync',
      args: [
        {
          tenantId: tenant.id,
          scheduleId: `auto-sync-${tenant.id}`,
          mode: 'pending',
          maxItems: 200,
        },
      ],
    });
    expect(described.typedSearchAttributes.getAll()).toContainEqual(
      expect.objectContaining({ value: tenant.id }),
    );

    // A change updates the same schedule; nightly retry adds the second one.
    await request(tenant, 'PUT', '', {
      max_items: 50,
      nightly_retry: true,
      nightly_retry_time: '03:15',
    });
    expect((await request(tenant, 'GET', '')).body.updated_at > saved.body.updated_at).toBe(true);
    const updated = await schedule(`auto-sync-${tenant.id}`).describe();
    expect(updated.info.createdAt).toEqual(described.info.createdAt);
    expect(updated.action.args).toEqual([expect.objectContaining({ maxItems: 50 })]);
    const nightly = await schedule(`nightly-retry-${tenant.id}`).describe();
    expect(nightly.action.args).toEqual([expect.objectContaining({ mode: 'retry-failed' })]);
    expect(nightly.info.nextActionTimes.map((t) => clockIn('Europe/Istanbul', t))).toEqual(
      Array(10).fill('03:15'),
    );

    // Pause and resume reach Temporal; both schedules pause.
    const paused = await request(tenant, 'POST', '/pause');
    expect(paused.body).toMatchObject({ paused: true });
    expect(paused.body.schedules.map((s: Json) => [s.kind, s.paused, s.next_run_times])).toEqual([
      ['auto-sync', true, []],
      ['nightly-retry', true, []],
      ['drift-check', true, []],
    ]);
    expect((await schedule(`auto-sync-${tenant.id}`).describe()).state.paused).toBe(true);
    expect((await schedule(`nightly-retry-${tenant.id}`).describe()).state.paused).toBe(true);
    await request(tenant, 'POST', '/resume');
    expect((await schedule(`auto-sync-${tenant.id}`).describe()).state.paused).toBe(false);

    // Disabling deletes the schedules; pausing then has nothing to pause.
    const disabled = await request(tenant, 'PUT', '', { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, max_items: 50, schedules: [] });
    await expect(schedule(`auto-sync-${tenant.id}`).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    await expect(schedule(`nightly-retry-${tenant.id}`).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    await expect(schedule(`drift-check-${tenant.id}`).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    expect(await request(tenant, 'POST', '/pause')).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining('Auto-sync is not enabled') },
    });
    expect((await request(tenant, 'POST', '/trigger')).status).toBe(409);
  });

  it.each([
    [{ interval_minutes: 4 }, 'interval_minutes: must be an integer from 5 to 1440'],
    [{ interval_minutes: 7.5 }, 'interval_minutes: must be an integer from 5 to 1440'],
    [{ window_start: '8:00' }, 'window_start: must be a time HH:MM from 00:00 to 23:59'],
    [{ window_end: '24:30' }, 'window_end: must be a time HH:MM from 00:00 to 24:00'],
    [
      { window_start: '22:00', window_end: '06:00' },
      'window_end: must be after window_start (22:00); a window cannot cross midnight',
    ],
    [{ window_start: '23:30' }, 'window_end: must be after window_start (23:30)'],
    [{ time_zone: 'Mars/Olympus' }, 'time_zone: must be an IANA time zone'],
    [{ max_items: 0 }, 'max_items: must be an integer from 1 to 10000'],
    [{ max_items: 10_001 }, 'max_items: must be an integer from 1 to 10000'],
    [{ enabled: 'yes' }, 'enabled: must be true or false'],
    [{ nightly_retry_time: '25:00' }, 'nightly_retry_time: must be a time HH:MM'],
    [{ drift_check: 1 }, 'drift_check: must be true or false'],
    [{ drift_check_time: '3:00' }, 'drift_check_time: must be a time HH:MM'],
    [{ drift_check_window_days: 366 }, 'drift_check_window_days: must be an integer from 1 to 365'],
    [{ cron: '* * * * *' }, 'cron: property cron should not exist'],
  ])('rejects %j naming the field', async (body, detail) => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    await request(tenant, 'PUT', '', { enabled: true });
    const before = await request(tenant, 'GET', '');
    const res = await request(tenant, 'PUT', '', body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect((await request(tenant, 'GET', '')).body).toEqual(before.body);
  });

  it('starts runs only inside the window, in the tenant’s time zone', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    await importEmails(stack.api.url, tenant, stopSaleEmails(`win-${tenant.id}`, 2));
    // A window that opened 20 minutes ago and closes within 15 minutes.
    const { timeZone, nowMinutes } = zoneInDaytime();
    const slot = nowMinutes - (nowMinutes % 5);
    const [windowStart, windowEnd] = [toClock(slot - 20), toClock(slot + 15)];
    const res = await request(tenant, 'PUT', '', {
      enabled: true,
      interval_minutes: 5,
      window_start: windowStart,
      window_end: windowEnd,
      time_zone: timeZone,
      // Only auto-sync's actions here (a drift check at 03:00 in a zone in daytime stays off).
      drift_check: false,
    });
    expect(res.status).toBe(200);

    // The server's own reading of the spec: the rest of today's window, then tomorrow's.
    const id = `auto-sync-${tenant.id}`;
    const next = (await schedule(id).describe()).info.nextActionTimes;
    const clocks = next.map((t) => clockIn(timeZone, t));
    for (const clock of clocks) {
      expect(clock >= windowStart && clock < windowEnd).toBe(true);
      expect((toMinutes(clock) - toMinutes(windowStart)) % 5).toBe(0);
    }
    const overnight = next.findIndex((t, i) => i > 0 && +t - +next[i - 1] > 12 * 3600_000);
    expect(overnight).toBeGreaterThan(0);
    expect(clocks[overnight]).toBe(windowStart);
    expect(
      clocks[overnight - 1] < windowEnd && clocks[overnight - 1] > clockIn(timeZone, new Date()),
    ).toBe(true);

    // Yesterday, from 10 minutes before the window to 10 minutes after it, as if it were now.
    const dayMs = 24 * 3600_000;
    const start = new Date(+next[overnight] - 2 * dayMs - 10 * 60_000);
    const end = new Date(+start + (35 + 20) * 60_000);
    await schedule(id).backfill({ start, end, overlap: ScheduleOverlapPolicy.ALLOW_ALL });
    const started = await waitFor(
      'backfilled actions',
      async () => {
        // Natural actions of today's window may start meanwhile; only the backfill's count here.
        const query = `TemporalScheduledById = '${id}' AND TemporalScheduledStartTime BETWEEN '${start.toISOString()}' AND '${end.toISOString()}'`;
        const found: Date[] = [];
        for await (const wf of stack.temporal.workflow.list({ query })) {
          found.push(wf.typedSearchAttributes.get(SCHEDULED_START)!);
        }
        return found.length >= 7 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(started.map((t) => clockIn(timeZone, t)).sort()).toEqual(
      [0, 5, 10, 15, 20, 25, 30].map((m) => toClock(slot - 20 + m)),
    );
    // Seven actions, one run: the first took both items, the others found nothing due.
    const run = await waitFor('the run', async () => (await runsOf(tenant))[0]);
    expect(await waitForRun(run.sync_id)).toMatchObject({
      status: 'completed',
      trigger: 'schedule',
      total_items: 2,
      requested_by: id,
    });
    await sleep(1000);
    expect(await runsOf(tenant)).toHaveLength(1);
  });

  it('runs at once when triggered, marked as a scheduled run in the history', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    await importEmails(stack.api.url, tenant, stopSaleEmails(`trg-${tenant.id}`, 3));
    // Outside its window right now: only the trigger starts it.
    await request(tenant, 'PUT', '', { enabled: true, max_items: 2, ...closedForAnHour() });
    const res = await request(tenant, 'POST', '/trigger');
    expect(res).toMatchObject({
      status: 202,
      body: { schedule_id: `auto-sync-${tenant.id}`, status: 'triggered' },
    });
    const run = await waitFor('the run', async () => (await runsOf(tenant))[0]);
    // The cap holds: 2 of the 3 items, oldest e-mail first.
    expect(await waitForRun(run.sync_id)).toMatchObject({ status: 'completed', total_items: 2 });
    const history = await call(stack.api.url, 'GET', '/api/sync/history', { token: tenant.token });
    expect(history.body.items).toEqual([
      expect.objectContaining({ sync_id: run.sync_id, trigger: 'schedule', successful: 2 }),
    ]);
    // The next action takes what is left.
    await waitFor('the action to finish', async () =>
      (await schedule(`auto-sync-${tenant.id}`).describe()).info.runningActions.length
        ? undefined
        : true,
    );
    await request(tenant, 'POST', '/trigger');
    const second = await waitFor('the second run', async () => (await runsOf(tenant))[1]);
    expect(await waitForRun(second.sync_id)).toMatchObject({ status: 'completed', total_items: 1 });
  });

  it('never overlaps: a trigger while a run is in progress is skipped', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    await importEmails(stack.api.url, tenant, stopSaleEmails(`ovl-${tenant.id}`, 3));
    await request(tenant, 'PUT', '', { enabled: true, ...closedForAnHour() });
    const id = `auto-sync-${tenant.id}`;
    await simPost(stack.sim, 'config', { latencyMs: 1500 });
    try {
      expect((await request(tenant, 'POST', '/trigger')).status).toBe(202);
      const [action] = await waitFor('the running action', async () => {
        const { runningActions } = (await schedule(id).describe()).info;
        return runningActions.length ? runningActions : undefined;
      });
      const again = await request(tenant, 'POST', '/trigger');
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain(`A run of ${id} is still in progress`);
      // Straight to Temporal, past the API's check: the schedule's SKIP policy holds.
      await schedule(id).trigger(ScheduleOverlapPolicy.SKIP);
      await waitFor('the skip', async () =>
        (await schedule(id).describe()).info.numActionsSkippedOverlap === 1 ? true : undefined,
      );
      const view = await request(tenant, 'GET', '');
      expect(view.body.schedules[0].running).toBe(true);

      // Cancelling the scheduled workflow (as from the Temporal UI) cancels its run cleanly.
      await stack.temporal.workflow.getHandle(action.workflow.workflowId).cancel();
      const runs = await runsOf(tenant);
      expect(runs).toHaveLength(1);
      expect(await waitForRun(runs[0].sync_id)).toMatchObject({ status: 'cancelled' });
      const result = await stack.temporal.workflow.getHandle(action.workflow.workflowId).result();
      expect(result).toMatchObject({ syncId: runs[0].sync_id, status: 'cancelled' });
    } finally {
      await simPost(stack.sim, 'config', { latencyMs: 0 });
    }
  });

  it('retries at night only the items that failed for a transient cause', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    const [rejected] = await importEmails(
      stack.api.url,
      tenant,
      stopSaleEmails(`rej-${tenant.id}`, 1, 1, () => 'Nowhere Palace'),
    );
    const [transient] = await importEmails(
      stack.api.url,
      tenant,
      stopSaleEmails(`tr-${tenant.id}`, 1),
    );
    const first = await waitForRun(await startSync(stack.api.url, tenant, [rejected]));
    const [permanent] = await queryDb('SELECT * FROM sync_items WHERE sync_run_id = $1', [
      first.id,
    ]);
    expect(permanent).toMatchObject({ status: 'failed', failure_kind: 'permanent' });
    // What a run leaves when Sedna stayed unavailable until the retries ran out.
    await queryDb(
      `WITH run AS (
         INSERT INTO sync_runs (tenant_id, sync_id, workflow_id, status, total_items, failed_count)
         VALUES ($1, gen_random_uuid(), 'bulk-sync-x', 'failed', 1, 1) RETURNING id)
       INSERT INTO sync_items (sync_run_id, tenant_id, ordinal, email_id, item_type, item_id, status,
                               error_message, failure_kind)
       SELECT run.id, $1, 1, s.email_id, 'stop_sale', s.id, 'failed', 'HTTP 503', 'transient'
         FROM run, stop_sales s WHERE s.email_id = $2`,
      [tenant.id, transient],
    );
    await queryDb(`UPDATE stop_sales SET status = 'failed' WHERE email_id = $1`, [transient]);

    await request(tenant, 'PUT', '', { enabled: true, nightly_retry: true, ...closedForAnHour() });
    const res = await request(tenant, 'POST', '/trigger', { schedule: 'nightly-retry' });
    expect(res.body).toEqual({ schedule_id: `nightly-retry-${tenant.id}`, status: 'triggered' });
    const retry = await waitFor('the retry run', async () =>
      (await runsOf(tenant)).find((r) => r.trigger === 'retry'),
    );
    expect(await waitForRun(retry.sync_id)).toMatchObject({
      status: 'completed',
      total_items: 1,
      requested_by: `nightly-retry-${tenant.id}`,
    });
    const items = await queryDb('SELECT email_id FROM sync_items WHERE sync_run_id = $1', [
      retry.id,
    ]);
    expect(items).toEqual([{ email_id: transient }]);
  });

  it('checks for drift daily on its own schedule; triggered, it checks the synced items from Sedna', async () => {
    const tenant = await createTenant(stack.api.url, stack.sim);
    // Hotels no other test here uses: Sedna's list of them holds only this tenant's stop sales.
    const ids = await importEmails(stack.api.url, tenant, [
      stopSaleEmail(`dc-a-${tenant.id}`, 'Bodrum Bay Resort', '2027-05-01', '2027-05-04', ['DBL']),
      stopSaleEmail(`dc-b-${tenant.id}`, 'Side Star Resort', '2027-05-01', '2027-05-04', ['DBL']),
      ...reservationEmails(`dc${tenant.id}`, 2),
    ]);
    expect((await waitForRun(await startSync(stack.api.url, tenant, ids))).status).toBe(
      'completed',
    );
    const [deleted] = await queryDb(
      'SELECT sedna_rec_id FROM stop_sales WHERE tenant_id = $1 ORDER BY id LIMIT 1',
      [tenant.id],
    );
    await simPost(stack.sim, 'stop-sales/delete', { RecId: deleted.sedna_rec_id });

    const closed = closedForAnHour();
    const saved = await request(tenant, 'PUT', '', {
      enabled: true,
      drift_check_window_days: 7,
      ...closed,
    });
    const id = `drift-check-${tenant.id}`;
    expect(saved.body).toMatchObject({ drift_check: true, drift_check_window_days: 7 });
    expect(saved.body.schedules.map((s: Json) => s.schedule_id)).toEqual([
      `auto-sync-${tenant.id}`,
      id,
    ]);
    const described = await schedule(id).describe();
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.state.note).toContain(`Drift check of tenant ${tenant.id}`);
    expect(described.action).toMatchObject({
      workflowType: 'reconcileWorkflow',
      taskQueue: 'sedna-sync',
      args: [{ tenantId: tenant.id, trigger: 'schedule', windowDays: 7 }],
    });
    // Daily, at its time in the tenant's zone.
    const next = described.info.nextActionTimes;
    expect(next.map((t) => clockIn('UTC', t))).toEqual(Array(10).fill(closed.drift_check_time));
    expect(+next[1] - +next[0]).toBe(24 * 3600_000);

    // Run now (as the Temporal UI's trigger): a check marked as scheduled, on Sedna's reads only.
    const before = (await simGet(stack.sim, 'stats')).agencies.demo;
    await schedule(id).trigger();
    const check = await waitFor(
      'the scheduled check',
      async () => {
        const list = await call(stack.api.url, 'GET', '/api/reconcile', { token: tenant.token });
        const [first] = list.body.items;
        return first?.status === 'completed' ? first : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const after = (await simGet(stack.sim, 'stats')).agencies.demo;
    expect(check).toMatchObject({
      trigger: 'schedule',
      window_days: 7,
      workflow_id: expect.stringMatching(new RegExp(`^${id}-`)),
      counts: { match: 3, missing_in_sedna: 1, different: 0, only_in_sedna: 0, total: 4 },
    });
    // One GetStopSaleList per hotel (2) and one GetReservationByVoucher per reservation (2).
    const delta = (action: string) =>
      (after.byAction[action] ?? 0) - (before.byAction[action] ?? 0);
    expect(delta('lookup')).toBe(4);
    expect(after.requests - before.requests).toBe(delta('lookup') + delta('login'));

    // Turned off alone: the drift-check schedule goes, auto-sync stays.
    const off = await request(tenant, 'PUT', '', { drift_check: false });
    expect(off.body.schedules.map((s: Json) => s.kind)).toEqual(['auto-sync']);
    await expect(schedule(id).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await request(tenant, 'POST', '/trigger', { schedule: 'drift-check' })).body).toEqual(
      expect.objectContaining({ status: 409, detail: 'Drift check is not enabled' }),
    );
  });
});
