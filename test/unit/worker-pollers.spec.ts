/**
 * The worker's poller counts as the SDK compiles them (issue 23): SDK 1.24 takes them from the
 * poller behaviours only, so an option it ignores would leave 10 workflow pollers, 2 of them on
 * the normal queue that every new workflow's first task goes through.
 */
import { DefaultLogger } from '@temporalio/worker';
import { compileWorkerOptions } from '@temporalio/worker/lib/worker-options';
import {
  NON_STICKY_POLL_RATIO,
  orchestrationOptions,
  SEDNA_CALL_POLLERS,
  sednaCallOptions,
  WORKFLOW_TASK_POLLERS,
} from '../../src/worker/build-worker';

const logger = new DefaultLogger('ERROR');
const compiled = (options: object) =>
  compileWorkerOptions(
    { taskQueue: 'q', workflowBundle: { code: '' }, activities: { a: async () => 1 }, ...options },
    logger,
    // The metric meter is not read while compiling.
    undefined as never,
  );

describe('worker pollers', () => {
  it('the orchestration worker polls workflow tasks with its configured count, not the SDK default', () => {
    const options = compiled(orchestrationOptions({ workerMaxCachedWorkflows: 1000 }));
    expect(options.workflowTaskPollerBehavior).toEqual({
      type: 'simple-maximum',
      maximum: WORKFLOW_TASK_POLLERS,
    });
    expect(options.nonStickyToStickyPollRatio).toBe(NON_STICKY_POLL_RATIO);
    // The normal queue gets its share of the pollers (the SDK splits maximum × ratio).
    expect(WORKFLOW_TASK_POLLERS * NON_STICKY_POLL_RATIO).toBeGreaterThanOrEqual(10);
  });

  it('the Sedna-call worker polls with its configured count', () => {
    const options = compiled(sednaCallOptions({ sednaMaxConcurrentCalls: 500 }));
    expect(options.activityTaskPollerBehavior).toEqual({
      type: 'simple-maximum',
      maximum: SEDNA_CALL_POLLERS,
    });
  });

  it('sets no poller option the SDK ignores', () => {
    const ignored = ['maxConcurrentWorkflowTaskPolls', 'maxConcurrentActivityTaskPolls'];
    for (const options of [orchestrationOptions({}), sednaCallOptions({})])
      for (const name of ignored) expect(options).not.toHaveProperty(name);
  });
});
