/** "═══ Group G1 completed: 5 tasks in 12s ═══" once every task of a plan group is settled. */
import type { RunState } from '../journal/run-state.js';
import type { RunEvent } from '../run/events.js';
import { formatDuration } from '../util/duration.js';

const SETTLED = new Set(['merged', 'skipped', 'conflicted']);

/**
 * Each group's settled tasks are counted as events arrive, so an event costs
 * the same whatever the plan's size (checking every group on every event took
 * 8 s of a 10,000-task run whose tasks were all skipped).
 */
export class GroupTracker {
  private groups: { id: string; taskIds: string[] }[] = [];
  private readonly groupOf = new Map<string, number>();
  /** Settled tasks per group; built from the state at the first settling event. */
  private settled: Set<string>[] | undefined;
  private readonly announced = new Set<string>();
  private started: number | undefined;

  plan(groups: { id: string; taskIds: string[] }[]): void {
    this.groups = groups;
    this.groupOf.clear();
    groups.forEach((g, i) => {
      for (const id of g.taskIds) this.groupOf.set(id, i);
    });
    this.settled = undefined;
  }

  settle(state: RunState, e: RunEvent): string[] {
    this.started ??= Date.parse(state.startedAt ?? e.time);
    if (e.type !== 'task.merged' && e.type !== 'task.skipped' && e.type !== 'task.conflict') return [];
    const isSettled = (id: string): boolean => SETTLED.has(state.tasks[id]?.status ?? '');
    let changed: number[];
    if (this.settled === undefined) {
      this.settled = this.groups.map((g) => new Set(g.taskIds.filter(isSettled)));
      changed = this.groups.map((_, i) => i);
    } else {
      const i = this.groupOf.get(e.taskId);
      if (i === undefined) return [];
      const set = this.settled[i]!;
      if (isSettled(e.taskId)) set.add(e.taskId);
      else set.delete(e.taskId);
      changed = [i];
    }
    const out: string[] = [];
    for (const i of changed) {
      const g = this.groups[i]!;
      if (this.announced.has(g.id) || this.settled[i]!.size < g.taskIds.length) continue;
      this.announced.add(g.id);
      const merged = g.taskIds.filter((id) => state.tasks[id]?.status === 'merged').length;
      const elapsed = Date.parse(e.time) - (this.started ?? Date.parse(e.time));
      out.push(
        `═══ Group ${g.id} completed: ${merged} of ${g.taskIds.length} tasks merged, ${formatDuration(elapsed)} into the run ═══`,
      );
    }
    return out;
  }
}
