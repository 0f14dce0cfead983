/**
 * Per-task figures computed in one pass each over a topological order, O(V+E).
 * Done tasks are satisfied: they weigh nothing and do not link the pending
 * tasks around them, so every figure is over the pending tasks only.
 */
import type { Task } from '../tasks/types.js';
import type { DynamicDag } from './dynamic-dag.js';

/** A pending task's weight on the critical path: its estimate (a done task weighs nothing). */
export function taskWeight(task: Task): number {
  if (task.done) return 0;
  return Number.isFinite(task.estimate) ? Math.max(0, task.estimate) : 1;
}

export interface GraphMetrics {
  /** By depth in the whole graph, then index. */
  order: number[];
  level: Int32Array;
  topLevel: Float64Array;
  bottomLevel: Float64Array;
}

/**
 * `weight[v]` is the task's estimate (0 when done). Edges that do not go
 * forward in `dag.ord` (only possible inside a reported cycle) are ignored, so
 * the figures stay defined when the file is invalid.
 */
export function computeMetrics(dag: DynamicDag, weight: Float64Array, done: Uint8Array): GraphMetrics {
  const { n, ord, inn, out } = dag;
  const byOrd = new Int32Array(n);
  for (let v = 0; v < n; v++) byOrd[ord[v]!] = v;
  const depth = new Int32Array(n);
  const level = new Int32Array(n);
  const topLevel = new Float64Array(n);
  const bottomLevel = new Float64Array(n);

  for (const v of byOrd) {
    let d = 0;
    let lv = 0;
    let top = 0;
    for (const { fromIndex: u } of inn[v]!) {
      if (ord[u]! >= ord[v]!) continue;
      d = Math.max(d, depth[u]! + 1);
      if (done[u] === 1) continue;
      lv = Math.max(lv, level[u]! + 1);
      top = Math.max(top, topLevel[u]! + weight[u]!);
    }
    depth[v] = d;
    level[v] = done[v] === 1 ? -1 : lv;
    topLevel[v] = done[v] === 1 ? 0 : top;
  }
  for (let i = n - 1; i >= 0; i--) {
    const v = byOrd[i]!;
    if (done[v] === 1) continue;
    let rest = 0;
    for (const { toIndex: s } of out[v]!) {
      if (ord[s]! > ord[v]! && done[s] === 0) rest = Math.max(rest, bottomLevel[s]!);
    }
    bottomLevel[v] = weight[v]! + rest;
  }
  return { order: sortByDepthThenIndex(depth), level, topLevel, bottomLevel };
}

/** Counting sort: stable by index within each depth. */
function sortByDepthThenIndex(depth: Int32Array): number[] {
  const counts = new Int32Array(depth.length + 1);
  for (const d of depth) counts[d + 1]!++;
  for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
  const order = new Array<number>(depth.length);
  depth.forEach((d, v) => {
    order[counts[d]!++] = v;
  });
  return order;
}
