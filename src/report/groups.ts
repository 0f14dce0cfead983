/** "═══ Group G1 completed: 5 tasks in 12s ═══" once every task of a plan group is settled. */
import type { RunState } from '../journal/run-state.js';
import type { RunEvent } from '../run/events.js';
import { formatDuration } from '../util/duration.js';

const SETTLED = new Set(['merged', 'skipped', 'conflicted']);

export class GroupTracker {
  private groups: { id: string; taskIds: string[] }[] = [];
  private readonly announced = new Set<string>();
  private started: number | undefined;

  plan(groups: { id: string; taskIds: string[] }[]): void {
    this.groups = groups;
  }

  settle(state: RunState, e: RunEvent): string[] {
    this.started ??= Date.parse(state.startedAt ?? e.time);
    if (e.type !== 'task.merged' && e.type !== 'task.skipped' && e.type !== 'task.conflict') return [];
    const out: string[] = [];
    for (const g of this.groups) {
      if (this.announced.has(g.id)) continue;
      const tasks = g.taskIds.map((id) => state.tasks[id]);
      if (!tasks.every((t) => t !== undefined && SETTLED.has(t.status))) continue;
      this.announced.add(g.id);
      const merged = tasks.filter((t) => t?.status === 'merged').length;
      const elapsed = Date.parse(e.time) - (this.started ?? Date.parse(e.time));
      out.push(
        `═══ Group ${g.id} completed: ${merged} of ${g.taskIds.length} tasks merged, ${formatDuration(elapsed)} into the run ═══`,
      );
    }
    return out;
  }
}
