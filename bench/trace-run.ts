/**
 * Where one run's time went (issue 23: "trace one starved item"): the slowest of a burst's runs,
 * from its workflow histories (each workflow task's and activity's wait from scheduled to
 * started, the children), its items (attempts, when done) and its tenant's pacer row. Printed in
 * the bench's log; the run time spread is a row.
 */
import type { Client as TemporalClient } from '@temporalio/client';
import type { Client as PgClient } from 'pg';

type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<TemporalClient['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

function ms(event: HistoryEvent): number {
  const t = event.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;
}

/** The event's kind, from the one attributes field it carries (WorkflowTaskScheduled, …). */
function kind(event: HistoryEvent): string {
  const key = Object.keys(event).find(
    (k) => k.endsWith('EventAttributes') && (event as Record<string, unknown>)[k],
  );
  return key ? key[0].toUpperCase() + key.slice(1, -'EventAttributes'.length) : 'Unknown';
}

interface Wait {
  workflowId: string;
  what: string;
  scheduledAt: number;
  waitedMs: number;
  /** Started → closed (an activity's run, its pacer turns included). */
  ranMs: number;
}

/** Scheduled → started of every workflow task and activity task of one history. */
function waits(workflowId: string, events: HistoryEvent[]): Wait[] {
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const closedAt = new Map<number, number>();
  for (const e of events) {
    const closed =
      e.workflowTaskCompletedEventAttributes ??
      e.workflowTaskFailedEventAttributes ??
      e.workflowTaskTimedOutEventAttributes ??
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes;
    if (closed && 'startedEventId' in closed) closedAt.set(Number(closed.startedEventId), ms(e));
  }
  const out: Wait[] = [];
  for (const e of events) {
    const started = e.workflowTaskStartedEventAttributes ?? e.activityTaskStartedEventAttributes;
    if (!started) continue;
    const scheduled = byId.get(Number(started.scheduledEventId));
    if (!scheduled) continue;
    const activity = scheduled.activityTaskScheduledEventAttributes?.activityType?.name;
    out.push({
      workflowId,
      what: activity
        ? `activity ${activity} (attempt ${e.activityTaskStartedEventAttributes?.attempt ?? 1})`
        : 'workflow task',
      scheduledAt: ms(scheduled),
      waitedMs: ms(e) - ms(scheduled),
      ranMs: (closedAt.get(Number(e.eventId)) ?? NaN) - ms(e),
    });
  }
  return out;
}

/**
 * Records the runs' time spread under `section` and prints the slowest run's trace. `syncIds`
 * are the burst's runs.
 */
export async function traceSlowestRun(
  db: PgClient,
  temporal: TemporalClient,
  syncIds: string[],
  record: (measure: string, value: string, against: string) => void,
): Promise<void> {
  const { rows: spread } = await db.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) AS p50,
            max(duration_seconds) AS max
       FROM sync_runs WHERE sync_id = ANY($1)`,
    [syncIds],
  );
  record(
    'run time p50 / max (s)',
    `${Number(spread[0].p50).toFixed(1)} / ${Number(spread[0].max).toFixed(1)}`,
    'no run starved',
  );
  const {
    rows: [run],
  } = await db.query(
    `SELECT id, sync_id, tenant_id, started_at, duration_seconds FROM sync_runs
      WHERE sync_id = ANY($1) ORDER BY duration_seconds DESC LIMIT 1`,
    [syncIds],
  );
  const t0 = new Date(run.started_at).getTime();
  const at = (t: number) => `+${((t - t0) / 1000).toFixed(1)} s`;
  console.log(
    `  trace: slowest run ${run.sync_id} (${run.tenant_id}), ${Number(run.duration_seconds).toFixed(1)} s`,
  );
  const { rows: items } = await db.query(
    `SELECT ordinal, status, attempts, processed_at FROM sync_items WHERE sync_run_id = $1 ORDER BY ordinal`,
    [run.id],
  );
  for (const item of items)
    console.log(
      `  trace: item ${item.ordinal} ${item.status}, ${item.attempts} Sedna attempt(s), done ${item.processed_at ? at(new Date(item.processed_at).getTime()) : '–'}`,
    );
  const { rows: pacer } = await db.query(
    `SELECT next_slot_at FROM sedna_request_slots WHERE tenant_id = $1`,
    [run.tenant_id],
  );
  if (pacer[0])
    console.log(`  trace: pacer's next slot ${at(new Date(pacer[0].next_slot_at).getTime())}`);
  const all: Wait[] = [];
  const queue = [`bulk-sync-${run.sync_id}`];
  while (queue.length) {
    const workflowId = queue.shift()!;
    const events = (await temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const first = events[0];
    const last = events[events.length - 1];
    console.log(
      `  trace: ${workflowId}: ${events.length} events, ${at(ms(first))} → ${at(ms(last))} (${kind(last)})`,
    );
    for (const e of events) {
      const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (child) queue.push(child);
    }
    all.push(...waits(workflowId, events));
  }
  const total = (what: (w: Wait) => boolean) =>
    all.filter(what).reduce((n, w) => n + w.waitedMs, 0) / 1000;
  console.log(
    `  trace: waits scheduled → started, summed: workflow tasks ${total((w) => w.what === 'workflow task').toFixed(1)} s, activities ${total((w) => w.what !== 'workflow task').toFixed(1)} s`,
  );
  for (const w of [...all].sort((a, b) => b.waitedMs - a.waitedMs).slice(0, 5))
    console.log(
      `  trace: waited ${(w.waitedMs / 1000).toFixed(1)} s from ${at(w.scheduledAt)}: ${w.what} of ${w.workflowId}`,
    );
  const activities = all.filter((w) => w.what !== 'workflow task');
  for (const w of activities.sort((a, b) => b.ranMs - a.ranMs).slice(0, 3))
    console.log(
      `  trace: ran ${(w.ranMs / 1000).toFixed(1)} s from ${at(w.scheduledAt + w.waitedMs)}: ${w.what} of ${w.workflowId}`,
    );
}
