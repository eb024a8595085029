import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { ORCHESTRATION_TASK_QUEUE, SEDNA_CALLS_TASK_QUEUE } from '../contract/task-queues';
import type { TaskQueuePollersView, WorkersView } from '../contract/views';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

/** What the worker process polls: the workflows on one queue, every Sedna call on the other. */
const WATCHED: { taskQueue: string; kind: TaskQueuePollersView['kind']; type: number }[] = [
  // taskQueueType: 1 = TASK_QUEUE_TYPE_WORKFLOW, 2 = TASK_QUEUE_TYPE_ACTIVITY.
  { taskQueue: ORCHESTRATION_TASK_QUEUE, kind: 'workflow', type: 1 },
  { taskQueue: SEDNA_CALLS_TASK_QUEUE, kind: 'activity', type: 2 },
];

/**
 * A poller counts as polling when Temporal saw it within this window. Temporal records a
 * poller's access when a poll arrives (newer servers at most once a minute), and an idle
 * worker's long poll lasts about a minute: a live idle worker's last access was seen up to 48 s
 * old (dev server 1.32), a dead one's only grows. It also keeps a gone poller listed for 5 min.
 */
export const POLLER_LIVE_WINDOW_MS = 75_000;
/** Answers are shared this long: readiness probes, results and streams ask often. */
const CACHE_MS = 5_000;
const DESCRIBE_DEADLINE_MS = 3_000;

/**
 * Whether any worker polls the task queues, read from Temporal (DescribeTaskQueue's pollers),
 * cached briefly. "Since when" none does is the last poll Temporal recorded, or, once Temporal
 * has forgotten it, when this process first saw the queue without pollers.
 */
@Injectable()
export class WorkerPollers {
  private readonly logger = new Logger(WorkerPollers.name);
  private cached: { at: number; view: Promise<WorkersView> } | null = null;
  /** Per queue: since when none polls, as this process saw it (kept while none polls). */
  private readonly noneSince = new Map<string, number>();

  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  /** The task queues' pollers; `polling: null` when Temporal did not answer. */
  view(): Promise<WorkersView> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.view;
    const view = this.describe(now);
    this.cached = { at: now, view };
    return view;
  }

  private async describe(now: number): Promise<WorkersView> {
    const checkedAt = new Date(now).toISOString();
    try {
      // The call's deadline does not cover the wait for a connection (a lazy client retries an
      // unreachable server for longer): the answer is bounded here as well.
      const queues = await answerWithin(
        DESCRIBE_DEADLINE_MS,
        Promise.all(WATCHED.map((queue) => this.describeQueue(queue, now))),
      );
      const missing = queues.filter((q) => q.pollers === 0).map((q) => q.no_worker_since!);
      return {
        polling: missing.length === 0,
        no_worker_since: missing.length ? missing.sort()[0] : null,
        checked_at: checkedAt,
        queues,
      };
    } catch (err) {
      this.logger.warn(
        `Task queue pollers unknown: ${err instanceof Error ? err.message : String(err)}`,
      );
      return { polling: null, no_worker_since: null, checked_at: checkedAt, queues: [] };
    }
  }

  private async describeQueue(
    queue: (typeof WATCHED)[number],
    now: number,
  ): Promise<TaskQueuePollersView> {
    const { connection, options } = this.temporal;
    const { pollers } = await connection.withDeadline(now + DESCRIBE_DEADLINE_MS, () =>
      connection.workflowService.describeTaskQueue({
        namespace: options.namespace,
        taskQueue: { name: queue.taskQueue },
        taskQueueType: queue.type,
      }),
    );
    const accesses = (pollers ?? [])
      .map((p) => p.lastAccessTime)
      .filter((t) => !!t)
      .map((t) => Number(t!.seconds) * 1000 + Math.floor((t!.nanos ?? 0) / 1e6));
    const lastPoll = accesses.length ? Math.max(...accesses) : null;
    const live = accesses.filter((at) => now - at <= POLLER_LIVE_WINDOW_MS).length;
    const key = `${queue.kind}:${queue.taskQueue}`;
    if (live > 0) this.noneSince.delete(key);
    else if (!this.noneSince.has(key)) this.noneSince.set(key, lastPoll ?? now);
    const since = live > 0 ? null : Math.min(this.noneSince.get(key)!, lastPoll ?? Infinity);
    return {
      task_queue: queue.taskQueue,
      kind: queue.kind,
      pollers: live,
      last_poll_at: lastPoll === null ? null : new Date(lastPoll).toISOString(),
      no_worker_since: since === null ? null : new Date(since).toISOString(),
    };
  }
}

/** The promise's answer, or a rejection naming the bound once `ms` passed without one. */
function answerWithin<T>(ms: number, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  answer.catch(() => undefined); // a late failure after the bound is not unhandled
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
