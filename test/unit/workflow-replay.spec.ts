/**
 * Replays every recorded history (test/replay/histories, `npm run histories:record`) against
 * the workflow code: a change that alters the commands of a run that already exists fails here,
 * before a deploy wedges that run with a nondeterminism error.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, ReplayResult, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as workflows from '../../workflows';

// Replay workers log their start and stop at INFO; only problems matter here.
Runtime.install({ logger: new DefaultLogger('WARN') });

const HISTORIES_DIR = join(__dirname, '../replay/histories');
const FIXTURES_DIR = join(__dirname, '../replay/fixtures');

// The current set, and in dated subfolders the sets of code that runs may still be on.
const recorded = (readdirSync(HISTORIES_DIR, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'))),
  }));

function workflowType(history: (typeof recorded)[number]['history']): string {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started?.workflowType?.name) throw new Error('history does not start with a workflow');
  return started.workflowType.name;
}

/** Replays every recorded history against `workflowsPath`; one result per file. */
async function replayAll(workflowsPath: string): Promise<Map<string, ReplayResult>> {
  const results = new Map<string, ReplayResult>();
  const replay = Worker.runReplayHistories(
    { workflowsPath, replayName: 'recorded-histories' },
    recorded.map(({ file, history }) => ({ workflowId: file, history })),
  );
  for await (const result of replay) results.set(result.workflowId, result);
  return results;
}

const itemHistories = recorded
  .filter(({ history }) => workflowType(history) === 'syncItemWorkflow')
  .map(({ file }) => file);

describe('replay of recorded workflow histories', () => {
  it('has histories of every exported workflow type in the current set', () => {
    const current = recorded.filter(({ file }) => !file.includes('/'));
    const types = new Set(current.map(({ history }) => workflowType(history)));
    expect([...types].sort()).toEqual(Object.keys(workflows).sort());
    // The run of a chain that continued as new, and the run that ended it.
    const chain = current.filter(({ file }) => file.startsWith('bulk-continued-as-new-run-'));
    expect(chain.length).toBeGreaterThanOrEqual(2);
  });

  it('replays every history against the current workflow code without an error', async () => {
    const results = await replayAll(require.resolve('../../workflows'));
    expect([...results.keys()].sort()).toEqual(recorded.map(({ file }) => file));
    const errors = [...results.values()]
      .filter((r) => r.error)
      .map((r) => `${r.workflowId}: ${r.error?.message}`);
    expect(errors).toEqual([]);
  }, 120_000);

  it('fails on a change to syncItemWorkflow that is not behind patched()', async () => {
    const results = await replayAll(join(FIXTURES_DIR, 'unguarded-change.workflows.ts'));
    expect(itemHistories.length).toBeGreaterThan(0);
    for (const file of itemHistories) {
      expect(results.get(file)?.error).toBeInstanceOf(DeterminismViolationError);
    }
    // The other types are unchanged and still replay.
    const others = [...results.values()].filter((r) => !itemHistories.includes(r.workflowId));
    expect(others.filter((r) => r.error)).toEqual([]);
  }, 120_000);

  it('replays the same change cleanly when it is behind patched()', async () => {
    const results = await replayAll(join(FIXTURES_DIR, 'patched-change.workflows.ts'));
    const errors = [...results.values()]
      .filter((r) => r.error)
      .map((r) => `${r.workflowId}: ${r.error?.message}`);
    expect(results.size).toBe(recorded.length);
    expect(errors).toEqual([]);
  }, 120_000);
});
