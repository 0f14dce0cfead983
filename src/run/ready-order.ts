/** The order in which ready tasks are started. */
import type { Priority } from '../tasks/types.js';
import type { SchedulableTask } from './scheduler-types.js';

const PRIORITY_RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };

const ids = new Intl.Collator('en', { numeric: true });

/**
 * Priority first (P0 before P1), then the longest remaining critical path (a
 * task many others wait on goes first), then id in natural order (`T2` < `T10`).
 */
export function compareCriticalPath(a: SchedulableTask, b: SchedulableTask): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    b.bottomLevel - a.bottomLevel ||
    ids.compare(a.id, b.id)
  );
}
