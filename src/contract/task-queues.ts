/**
 * The task queues the worker polls and the API starts workflows on.
 */

/** Workflows and database activities; not rate limited. */
export const ORCHESTRATION_TASK_QUEUE = 'sedna-sync';

/**
 * Every Sedna HTTP call of every tenant runs on this one queue. Each tenant's Sedna limit is
 * held by the PostgreSQL request pacer (src/sedna/request-pacer.ts) across all worker
 * processes, so the queue needs no server-side rate limit, and its partitions do not matter.
 */
export const SEDNA_CALLS_TASK_QUEUE = 'sedna-calls';
