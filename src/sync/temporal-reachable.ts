import { Client, WorkflowNotFoundError } from '@temporalio/client';

const DEADLINE_MS = 5_000;

/**
 * A live progress stream needs Temporal: one describe of the run's workflow, so that an
 * unreachable server is a 503 (through the exception filter) rather than a silent stream.
 * A workflow past its retention is no outage: the stream then reads the database.
 */
export async function ensureTemporalReachable(temporal: Client, workflowId: string) {
  try {
    await temporal.withDeadline(Date.now() + DEADLINE_MS, () =>
      temporal.workflow.getHandle(workflowId).describe(),
    );
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
