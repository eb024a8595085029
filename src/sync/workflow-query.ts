import type { Client } from '@temporalio/client';

/** How long the API waits for a run's workflow to answer a query before it reads the database. */
export const QUERY_DEADLINE_MS = 5000;

/**
 * One query of a run's workflow (`result`, `progress`); null when it cannot answer in time, or
 * at all (worker down, workflow past its retention): the caller then reads the database.
 *
 * The client adds an `abort` listener to the signal it is given and never removes it: each
 * query gets its own signal (collected with it), linked to the long-lived `stopping` signal.
 */
export async function queryWorkflow<T, A extends unknown[] = []>(
  temporal: Client,
  workflowId: string,
  name: string,
  args: A,
  stopping?: AbortSignal,
): Promise<T | null> {
  const query = () => temporal.workflow.getHandle(workflowId).query<T, A>(name, ...args);
  const call = new AbortController();
  const abortCall = () => call.abort();
  stopping?.addEventListener('abort', abortCall, { once: true });
  try {
    return await temporal.withAbortSignal(call.signal, () =>
      temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, query),
    );
  } catch {
    return null;
  } finally {
    stopping?.removeEventListener('abort', abortCall);
  }
}
