import { SetMetadata } from '@nestjs/common';

export const STARTS_WORKFLOWS = 'rate-limit:starts-workflows';

/** The route starts Temporal work: it also spends the tenant's stricter workflow-start budget. */
export const StartsWorkflows = () => SetMetadata(STARTS_WORKFLOWS, true);
