/**
 * The order weft starts ready tasks in: priority (P0 first), then the longest
 * remaining critical path (`bottomLevel`), then id. `weft plan` shows it and
 * the run-time scheduler sorts its ready queue with the same comparator.
 */
import { PRIORITIES, type Priority } from '../tasks/types.js';
import { Heap } from './heap.js';
import type { GraphNode, TaskGraph } from './types.js';

/** What the ordering looks at (the scheduler's task view has these fields). */
export interface RunOrderKey {
  readonly id: string;
  readonly priority: Priority;
  /** Remaining critical path, the task included. */
  readonly bottomLevel: number;
}

const PRIORITY_RANK = new Map<Priority, number>(PRIORITIES.map((p, i) => [p, i]));
// Numeric-aware so that step-2 sorts before step-10.
const ID_COLLATOR = new Intl.Collator('en', { numeric: true });

export function compareIds(a: string, b: string): number {
  return ID_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Negative when `a` should start before `b`. */
export function compareRunOrder(a: RunOrderKey, b: RunOrderKey): number {
  return (
    PRIORITY_RANK.get(a.priority)! - PRIORITY_RANK.get(b.priority)! ||
    b.bottomLevel - a.bottomLevel ||
    compareIds(a.id, b.id)
  );
}

/**
 * Pending tasks in the order one worker would start them: repeatedly the first,
 * by `compareRunOrder`, of the tasks whose pending dependencies have started.
 * A topological order of the pending tasks (done tasks are satisfied).
 */
export function runOrder(graph: TaskGraph): string[] {
  const key = (node: GraphNode): RunOrderKey => ({
    id: node.task.id,
    priority: node.task.priority,
    bottomLevel: node.bottomLevel,
  });
  const waiting = new Map<string, number>();
  const ready = new Heap<RunOrderKey>(compareRunOrder);
  for (const id of graph.ids) {
    const node = graph.nodes.get(id)!;
    if (node.task.done) continue;
    const pendingDeps = node.deps.filter((e) => !graph.nodes.get(e.from)!.task.done).length;
    if (pendingDeps === 0) ready.push(key(node));
    else waiting.set(id, pendingDeps);
  }
  const order: string[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    order.push(next.id);
    for (const e of graph.nodes.get(next.id)!.dependents) {
      const left = waiting.get(e.to);
      if (left === undefined) continue;
      if (left > 1) waiting.set(e.to, left - 1);
      else {
        waiting.delete(e.to);
        ready.push(key(graph.nodes.get(e.to)!));
      }
    }
  }
  return order;
}
