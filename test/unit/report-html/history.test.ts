import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../../src/report/html/report-model.js';
import { JournalBuilder, T0 } from './journal-builder.js';

describe('attempt bars from the journal', () => {
  it('shows a retry on another worker as a second bar after the failed one', () => {
    const j = new JournalBuilder()
      .started([{ id: 'T1' }])
      .at(0)
      .start('T1', 'worker-1')
      .at(1000)
      .fail('T1', 'worker-1', 1, 'agent exited with code 1')
      .at(1100)
      .start('T1', 'worker-2', 2)
      .at(3100)
      .finish('T1', 'worker-2', 2)
      .at(3200)
      .merge('T1')
      .at(3300)
      .add({ type: 'run.finished', summary: summary() });
    const m = buildReportModel(j.events);
    expect(m.workers).toEqual(['worker-1', 'worker-2']);
    expect(m.bars.map((b) => [b.taskId, b.attempt, b.workerId, b.outcome])).toEqual([
      ['T1', 1, 'worker-1', 'failed'],
      ['T1', 2, 'worker-2', 'merged'],
    ]);
    expect(m.bars[0]).toMatchObject({ start: T0, end: T0 + 1000, reason: 'agent exited with code 1' });
    expect(m.bars[1]).toMatchObject({ agentMs: 900, files: ['T1.txt'], mergedAt: T0 + 3200 });
    expect(m.figures).toMatchObject({ attempts: 2, retries: 1, merged: 1, tasks: 1, makespanMs: 3300 });
  });

  it('marks the attempt that got its worker replaced, and the replacement on the lane', () => {
    const j = new JournalBuilder()
      .started([{ id: 'T1' }])
      .start('T1', 'worker-1')
      .at(500)
      .fail('T1', 'worker-1', 1, 'no output for 10m (hung)')
      .add({ type: 'worker.replaced', workerId: 'worker-1', reason: 'hung', taskId: 'T1' });
    const m = buildReportModel(j.events);
    expect(m.bars[0]).toMatchObject({ outcome: 'failed', replaced: 'hung' });
    expect(m.markers).toContainEqual(expect.objectContaining({ kind: 'replaced', workerId: 'worker-1' }));
    expect(m.figures.replacements).toBe(1);
  });

  it('turns a finished attempt into a conflict or a revert when the integrator says so', () => {
    const j = new JournalBuilder()
      .started([{ id: 'A' }, { id: 'B' }])
      .start('A', 'worker-1')
      .start('B', 'worker-2')
      .at(100)
      .finish('A', 'worker-1')
      .finish('B', 'worker-2')
      .at(200)
      .add({ type: 'task.conflict', taskId: 'A', files: ['x.ts'], with: ['C'], willRetry: false })
      .merge('B')
      .at(300)
      .add({
        type: 'merge.reverted',
        taskId: 'B',
        revertedCommit: 'r'.repeat(40),
        integrationCommit: 'i'.repeat(40),
        reason: 'npm test failed',
      });
    const m = buildReportModel(j.events);
    expect(m.bars.map((b) => b.outcome)).toEqual(['conflict', 'reverted']);
    expect(m.bars[0]!.reason).toBe('conflicts in x.ts (with C)');
    expect(m.bars[0]!.conflictFiles).toEqual(['x.ts']);
  });

  it('ends running attempts at a stop, and leaves them running when nothing ended them', () => {
    const stopped = new JournalBuilder()
      .started([{ id: 'A' }])
      .start('A', 'worker-1')
      .at(700)
      .add({ type: 'run.stopped', reason: 'interrupted (SIGINT)', critical: false });
    const m = buildReportModel(stopped.events);
    expect(m.bars[0]).toMatchObject({ outcome: 'interrupted', end: T0 + 700 });
    expect(m.status).toBe('stopped');

    const live = new JournalBuilder()
      .started([{ id: 'A' }])
      .start('A', 'worker-1')
      .at(300)
      .add({
        type: 'task.output',
        taskId: 'A',
        attempt: 1,
        text: 'working',
      });
    const fold = buildReportModel(live.events);
    expect(fold.bars[0]).toMatchObject({ outcome: 'running' });
    expect(fold.bars[0]!.end).toBeUndefined();
    expect(fold.end).toBe(T0 + 300);
  });

  it('leaves the pause of a kill -9 and resume out of the makespan', () => {
    const j = new JournalBuilder()
      .started([{ id: 'A' }])
      .at(0)
      .start('A', 'worker-1')
      .at(1000)
      .add({ type: 'task.output', taskId: 'A', attempt: 1, text: 'last words' })
      // killed here; resumed an hour later
      .at(3_601_000)
      .add({ type: 'run.resumed', requeued: ['A'], reused: [] })
      .start('A', 'worker-1')
      .at(3_603_000)
      .finish('A', 'worker-1')
      .merge('A')
      .add({ type: 'run.finished', summary: summary() });
    const m = buildReportModel(j.events);
    expect(m.segments).toEqual([
      { start: T0, end: T0 + 1000 },
      { start: T0 + 3_601_000, end: T0 + 3_603_000 },
    ]);
    expect(m.figures.makespanMs).toBe(3000);
    expect(m.bars.map((b) => b.outcome)).toEqual(['interrupted', 'merged']);
    expect(m.bars[0]!.end).toBe(T0 + 1000);
    expect(m.markers).toContainEqual({ kind: 'resumed', time: T0 + 3_601_000 });
  });
});

describe('summary figures', () => {
  it('computes the critical path by measured time and the lower bound', () => {
    // A(2s) -> C(3s); B(4s) alone; 2 workers: critical path A,C = 5s, work 9s / 2 = 4.5s.
    const j = new JournalBuilder()
      .started([{ id: 'A' }, { id: 'B' }, { id: 'C', dependsOn: ['A'] }])
      .at(0)
      .start('A', 'worker-1')
      .start('B', 'worker-2')
      .at(2000)
      .finish('A', 'worker-1')
      .merge('A')
      .start('C', 'worker-1')
      .at(4000)
      .finish('B', 'worker-2')
      .merge('B')
      .at(5000)
      .finish('C', 'worker-1')
      .merge('C')
      .at(5500)
      .add({ type: 'run.finished', summary: summary() });
    const m = buildReportModel(j.events);
    expect(m.critical).toEqual({ taskIds: ['A', 'C'], ms: 5000 });
    expect(m.figures).toMatchObject({
      workMs: 9000,
      criticalPathMs: 5000,
      lowerBoundMs: 5000,
      makespanMs: 5500,
      workers: 2,
      workersUsed: 2,
    });
    expect(m.figures.parallelism).toBeCloseTo(9000 / 5500);
    expect(m.figures.usage).toEqual({ inputTokens: 300, outputTokens: 60, costUsd: 0.03 });
  });
});

function summary() {
  return {
    total: 1,
    merged: 1,
    failed: 0,
    skipped: 0,
    conflicted: 0,
    durationMs: 1,
    workersUsed: 1,
    parallelism: 1,
    usage: {},
    integrationBranch: 'weft/x',
    unmergedBranches: [],
  };
}
