import { describe, expect, it } from 'vitest';
import { renderProgress } from '../../../src/journal/progress-text.js';
import { planResume } from '../../../src/journal/resume.js';
import { rebuildRunState } from '../../../src/journal/run-state.js';
import { renderStateMd } from '../../../src/journal/state-md.js';
import { Scheduler } from '../../../src/run/scheduler.js';
import { PLAN_STARTED, stampAll, T001_STARTED, T002_STARTED } from './helpers.js';

const usage = { inputTokens: 100, outputTokens: 10, costUsd: 0.01 };

/** A run interrupted mid-way: T001 merged, T002 finished (not merged), T003 running, T004 pending. */
const interrupted = stampAll([
  PLAN_STARTED,
  { type: 'task.ready', taskId: 'T001' },
  { type: 'task.ready', taskId: 'T002' },
  T001_STARTED,
  T002_STARTED,
  {
    type: 'task.failed',
    taskId: 'T002',
    attempt: 1,
    workerId: 'worker-2',
    reason: 'timeout',
    willRetry: true,
  },
  { type: 'worker.replaced', workerId: 'worker-2', reason: 'timeout', taskId: 'T002' },
  {
    type: 'task.finished',
    taskId: 'T001',
    attempt: 1,
    workerId: 'worker-1',
    commit: 'c1',
    usage,
    durationMs: 4000,
    files: ['src/parse.ts', 'test/parse.test.ts'],
  },
  { type: 'task.merged', taskId: 'T001', commit: 'c1', integrationCommit: 'm1' },
  {
    type: 'task.started',
    taskId: 'T002',
    workerId: 'worker-3',
    attempt: 2,
    branch: 'weft/r/T002-2',
    baseCommit: 'm1',
  },
  {
    type: 'task.finished',
    taskId: 'T002',
    attempt: 2,
    workerId: 'worker-3',
    commit: 'c2',
    usage,
    durationMs: 1000,
  },
  { type: 'task.ready', taskId: 'T003' },
  {
    type: 'task.started',
    taskId: 'T003',
    workerId: 'worker-1',
    attempt: 1,
    branch: 'weft/r/T003-1',
    baseCommit: 'm1',
    locks: ['src/cli.ts'],
  },
  { type: 'conflict.predicted', a: 'T003', b: 'integration', files: ['src/cli.ts'] },
]);

describe('rebuildRunState', () => {
  const state = rebuildRunState(interrupted);

  it('knows each task’s last state, attempts, branches and commits', () => {
    expect(state.runId).toBe('20261121-193012-ab12');
    expect(state.status).toBe('running');
    expect(state.integrationHead).toBe('m1');
    expect(state.lastSeq).toBe(interrupted.length);
    expect(state.tasks.T001).toMatchObject({
      status: 'merged',
      attempts: 1,
      mergedCommit: 'c1',
      integrationCommit: 'm1',
      changedFiles: ['src/parse.ts', 'test/parse.test.ts'],
      usage,
      durationMs: 4000,
      locks: [],
    });
    expect(state.tasks.T002).toMatchObject({
      status: 'finished',
      attempts: 2,
      failedOn: ['worker-2'],
      branches: ['weft/r/T002-1', 'weft/r/T002-2'],
      commit: 'c2',
      lastError: 'timeout',
    });
    expect(state.tasks.T003).toMatchObject({
      status: 'running',
      workerId: 'worker-1',
      locks: ['src/cli.ts'],
    });
    expect(state.tasks.T004?.status).toBe('pending');
    expect(state.tasks.T005?.status).toBe('merged');
    expect(state.workers['worker-2']).toMatchObject({
      replaced: 1,
      failed: [{ taskId: 'T002', reason: 'timeout' }],
    });
    expect(state.workers['worker-1']?.current).toEqual({
      taskId: 'T003',
      attempt: 1,
      branch: 'weft/r/T003-1',
    });
  });

  it('plans the resume: merged stay merged, finished branches are reused, running ones restart', () => {
    const plan = planResume(state);
    expect(plan.requeued).toEqual(['T003']);
    expect(plan.reused).toEqual(['T002']);
    expect(plan.tasks.get('T001')).toEqual({ kind: 'merged' });
    expect(plan.tasks.get('T002')).toEqual({
      kind: 'finished',
      workerId: 'worker-3',
      attempts: 2,
      failedOn: ['worker-2'],
    });
    // The attempt cut short by the crash does not count.
    expect(plan.tasks.get('T003')).toEqual({ kind: 'retry', attempts: 0, failedOn: [] });
    expect(plan.tasks.has('T004')).toBe(false);

    // The resumed scheduler: nothing merged twice, T002 waits to be integrated, T003 restarts.
    const s = new Scheduler(
      (state.plan?.tasks ?? []).map((t) => ({
        id: t.id,
        priority: t.priority,
        dependsOn: t.dependsOn,
        files: t.files.map((path) => ({ path, op: 'modify' as const })),
        bottomLevel: 1,
        done: t.done ?? false,
      })),
      { resume: plan.tasks },
    );
    expect(s.idsIn('merged').sort()).toEqual(['T001', 'T005']);
    expect(s.idsIn('finished')).toEqual(['T002']);
    expect(s.state('T003')).toEqual({ kind: 'pending' });
    s.merged('T002');
    expect(s.nextTask('worker-1')).toEqual({ id: 'T003', attempt: 1 });
  });

  it('records a skip, a final conflict, a revert, a stop and the finish', () => {
    const more = stampAll(
      [
        {
          type: 'task.failed',
          taskId: 'T003',
          attempt: 1,
          workerId: 'worker-1',
          reason: 'crash',
          willRetry: false,
        },
        { type: 'task.skipped', taskId: 'T003', reason: 'failed 1 time; last: crash' },
        { type: 'task.skipped', taskId: 'T004', reason: 'dependency T003 failed' },
        { type: 'task.conflict', taskId: 'T002', files: ['a.ts'], willRetry: false },
        {
          type: 'merge.reverted',
          taskId: 'T001',
          revertedCommit: 'm1',
          integrationCommit: 'r1',
          reason: 'tests',
        },
        { type: 'run.stopped', reason: 'every P0 task failed', critical: true },
      ],
      interrupted.length,
    );
    const s = rebuildRunState([...interrupted, ...more]);
    expect(s.tasks.T003).toMatchObject({ status: 'skipped', skipReason: 'failed 1 time; last: crash' });
    expect(s.tasks.T002).toMatchObject({ status: 'conflicted', conflictFiles: ['a.ts'] });
    expect(s.tasks.T001).toMatchObject({ status: 'failed', lastError: 'tests' });
    expect(s.tasks.T001?.mergedCommit).toBeUndefined();
    expect(s.integrationHead).toBe('r1');
    expect(s.status).toBe('stopped');
    expect(s.stopped).toEqual({ reason: 'every P0 task failed', critical: true });
    const plan = planResume(s);
    expect(plan.tasks.get('T001')).toEqual({ kind: 'retry', attempts: 1, failedOn: [], reason: 'tests' });
    expect(plan.tasks.get('T002')).toEqual({ kind: 'conflicted', files: ['a.ts'], attempts: 2 });
  });
});

describe('snapshots', () => {
  const state = rebuildRunState(interrupted);

  it('renders progress.txt as seed 003’s status block', () => {
    const text = renderProgress(state, new Date(Date.parse(state.startedAt!) + 42_000));
    expect(text).toContain('ORCHESTRATION STATUS — run 20261121-193012-ab12 (running)');
    expect(text).toContain('✓ T001: Add parser');
    expect(text).toContain('◆ T002: Finished by worker-3, merging');
    expect(text).toContain('⚡ T003: Running on worker-1');
    expect(text).toContain('⏳ T004: Pending (depends on T003)');
    expect(text).toContain('Group G1: 2 completed | 1 running | 0 pending | 0 failed');
    expect(text).toContain('Workers: 1 active | 2 available');
    expect(text).toContain('Time elapsed: 00:42');
  });

  it('shortens the block past `taskLines` tasks to those in motion, and counts the rest', () => {
    const text = renderProgress(state, new Date(), { taskLines: 3 });
    expect(text).toContain('◆ T002: Finished by worker-3, merging');
    expect(text).toContain('⚡ T003: Running on worker-1');
    expect(text).not.toContain('✓ T001: Add parser');
    expect(text).toContain(
      '… 3 more tasks (counts below; every task is listed in .weft/sessions/20261121-193012-ab12/progress.txt)',
    );
    expect(text).toContain('Group G1: 2 completed | 1 running | 0 pending | 0 failed');
    expect(renderProgress(state, new Date(), { taskLines: 5 })).toContain('✓ T001: Add parser');
  });

  it('renders state.md as seed 002’s state file: phases, results, files identified', () => {
    const md = renderStateMd(state);
    expect(md).toContain('# weft run 20261121-193012-ab12');
    expect(md).toContain('### Phase 1: Group G1 (Parallel)');
    expect(md).toContain('1. T001 (Add parser) → ✅ Merged (m1)');
    expect(md).toContain('- **Files Identified**: src/lex.ts, src/parse.ts, test/parse.test.ts');
    expect(md).toContain('### Phase 2: Group G2\n- **Status**: ⏳ In progress');
    expect(md).toContain('- predicted conflict between T003 and integration in src/cli.ts');
    expect(md).toContain('- worker-2 replaced 1 time(s)');
  });
});
