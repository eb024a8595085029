import { SetMetadata } from '@nestjs/common';

export const STARTS_WORKFLOWS = 'rate-limit:starts-workflows';

/** Of a route that starts Temporal work, the requests that start none (a dry run), by body. */
export type StartsNoWork = (body: unknown) => boolean;

/**
 * The route starts Temporal work: it also spends the tenant's stricter workflow-start budget,
 * except for the requests `startsNothing` says start none (read from the body as sent).
 */
export const StartsWorkflows = (startsNothing?: StartsNoWork) =>
  SetMetadata(STARTS_WORKFLOWS, startsNothing ?? true);
