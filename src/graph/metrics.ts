/**
 * Per-task figures computed in one pass each over a topological order, O(V+E).
 * Done tasks are satisfied: they weigh nothing and do not link the pending
 * tasks around them, so every figure is over the pending tasks only.
 */
import type { Task } from '../tasks/types.js';
import type { EdgeTable } from './edge-table.js';

/** A pending task's weight on the critical path: its estimate (a done task weighs nothing). */
export function taskWeight(task: Task): number {
  if (task.done) return 0;
  return Number.isFinite(task.estimate) ? Math.max(0, task.estimate) : 1;
}

export interface GraphMetrics {
  /** By depth in the whole graph, then index. */
  order: Int32Array;
  level: Int32Array;
  topLevel: Float64Array;
  bottomLevel: Float64Array;
}

/**
 * `weight[v]` is the task's estimate (0 when done); `ord[v]` is v's position
 * in a topological order. Edges that do not go forward in `ord` (only possible
 * inside a reported cycle) are ignored, so the figures stay defined when the
 * file is invalid.
 */
export function computeMetrics(
  edges: EdgeTable,
  ord: Int32Array,
  weight: Float64Array,
  done: Uint8Array,
): GraphMetrics {
  const { n, from, to, innStart, innEdge, outStart, outEdge } = edges;
  const byOrd = new Int32Array(n);
  for (let v = 0; v < n; v++) byOrd[ord[v]!] = v;
  const depth = new Int32Array(n);
  const level = new Int32Array(n);
  const topLevel = new Float64Array(n);
  const bottomLevel = new Float64Array(n);

  for (let i = 0; i < n; i++) {
    const v = byOrd[i]!;
    let d = 0;
    let lv = 0;
    let top = 0;
    for (let k = innStart[v]!; k < innStart[v + 1]!; k++) {
      const u = from[innEdge[k]!]!;
      if (ord[u]! >= i) continue;
      if (depth[u]! >= d) d = depth[u]! + 1;
      if (done[u] === 1) continue;
      if (level[u]! >= lv) lv = level[u]! + 1;
      const t = topLevel[u]! + weight[u]!;
      if (t > top) top = t;
    }
    depth[v] = d;
    level[v] = done[v] === 1 ? -1 : lv;
    topLevel[v] = done[v] === 1 ? 0 : top;
  }
  for (let i = n - 1; i >= 0; i--) {
    const v = byOrd[i]!;
    if (done[v] === 1) continue;
    let rest = 0;
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
      const s = to[outEdge[k]!]!;
      if (ord[s]! > i && done[s] === 0 && bottomLevel[s]! > rest) rest = bottomLevel[s]!;
    }
    bottomLevel[v] = weight[v]! + rest;
  }
  return { order: sortByDepthThenIndex(depth), level, topLevel, bottomLevel };
}

/** Counting sort: stable by index within each depth. */
function sortByDepthThenIndex(depth: Int32Array): Int32Array {
  const counts = new Int32Array(depth.length + 1);
  for (const d of depth) counts[d + 1]!++;
  for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
  const order = new Int32Array(depth.length);
  for (let v = 0; v < depth.length; v++) order[counts[depth[v]!]!++] = v;
  return order;
}
