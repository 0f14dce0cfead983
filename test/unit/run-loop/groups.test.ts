import { describe, expect, it } from 'vitest';
import { applyEvent, initialRunState } from '../../../src/journal/run-state.js';
import { GroupTracker } from '../../../src/report/groups.js';
import type { RunEvent } from '../../../src/run/events.js';

let seq = 0;
const ev = (e: Record<string, unknown>): RunEvent =>
  ({ seq: ++seq, time: new Date(Date.UTC(2026, 10, 22, 0, 0, seq)).toISOString(), ...e }) as RunEvent;

describe('GroupTracker', () => {
  it('announces a group once, when its last task settles, whatever the other groups do', () => {
    const state = initialRunState();
    const tracker = new GroupTracker();
    const groups = [
      { id: 'G1', taskIds: ['A', 'B'] },
      { id: 'G2', taskIds: ['C'] },
      { id: 'G3', taskIds: ['D', 'E'] },
    ];
    const started = ev({
      type: 'run.started',
      runId: 'r',
      taskFile: 'tasks.md',
      base: 'main',
      baseCommit: 'b',
      integrationBranch: 'weft/r',
      workers: 2,
      plan: {
        tasks: ['A', 'B', 'C', 'D', 'E'].map((id) => ({
          id,
          title: id,
          priority: 'P2',
          dependsOn: [],
          files: [],
        })),
        groups,
      },
    });
    applyEvent(state, started);
    tracker.plan(groups);
    const feed = (e: RunEvent): string[] => {
      applyEvent(state, e);
      return tracker.settle(state, e);
    };
    expect(feed(ev({ type: 'task.merged', taskId: 'A', commit: 'c', integrationCommit: 'i' }))).toEqual([]);
    expect(feed(ev({ type: 'task.skipped', taskId: 'D', reason: 'x' }))).toEqual([]);
    const g1 = feed(ev({ type: 'task.merged', taskId: 'B', commit: 'c', integrationCommit: 'i' }));
    expect(g1).toEqual([expect.stringMatching(/^═══ Group G1 completed: 2 of 2 tasks merged, /)]);
    expect(feed(ev({ type: 'task.skipped', taskId: 'C', reason: 'x' }))).toEqual([
      expect.stringMatching(/^═══ Group G2 completed: 0 of 1 tasks merged, /),
    ]);
    expect(feed(ev({ type: 'task.conflict', taskId: 'E', files: ['f'], branch: 'b' }))).toEqual([
      expect.stringMatching(/^═══ Group G3 completed: 0 of 2 tasks merged, /),
    ]);
    // Announced once only.
    expect(feed(ev({ type: 'task.merged', taskId: 'B', commit: 'c', integrationCommit: 'i' }))).toEqual([]);
  });
});
