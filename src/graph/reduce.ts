/**
 * Transitive reduction for display: drop `A -> C` when `A -> B -> … -> C`
 * already orders them. Reachability sets are bitsets indexed by topological
 * position, built from the sinks up: O(V·(V+E)/32) time and V²/8 bytes, about
 * 12 MB at 10,000 tasks. Past `MAX_REDUCED_TASKS` the edges are shown as they are.
 */
import { graphIndex } from './graph-index.js';
import type { GraphEdge, TaskGraph } from './types.js';

export const MAX_REDUCED_TASKS = 20_000;

/** Each task's direct dependencies with the implied ones removed (by id), or undefined when the graph is too big. */
export function reducedDependencies(graph: TaskGraph): Map<string, GraphEdge[]> | undefined {
  const { nodes, inn, out, order, edgeCount } = graphIndex(graph);
  const n = order.length;
  if (n > MAX_REDUCED_TASKS) return undefined;
  const pos = new Int32Array(n);
  order.forEach((v, i) => {
    pos[v] = i;
  });
  const words = (n + 31) >>> 5;
  const reach = new Uint32Array(n * words);
  const kept = new Uint8Array(edgeCount);
  // Children as `position · 2^16 + slot` (slot < n ≤ 20,000), so a plain numeric sort puts the nearest first.
  let scratch = new Float64Array(64);

  for (let i = n - 1; i >= 0; i--) {
    const v = order[i]!;
    const targets = out[v]!;
    const base = i * words;
    if (targets.length > scratch.length) scratch = new Float64Array(targets.length * 2);
    for (let k = 0; k < targets.length; k++) scratch[k] = pos[targets[k]!.toIndex]! * 65_536 + k;
    // A later child can only be reached through an earlier one, so look at the nearest first.
    const sorted = scratch.subarray(0, targets.length).sort();
    for (const key of sorted) {
      const at = Math.floor(key / 65_536);
      const k = key - at * 65_536;
      if (at <= i || (reach[base + (at >>> 5)]! & (1 << (at & 31))) !== 0) continue;
      kept[targets[k]!.id] = 1;
      reach[base + (at >>> 5)]! |= 1 << (at & 31);
      const childBase = at * words;
      for (let w = at >>> 5; w < words; w++) reach[base + w]! |= reach[childBase + w]!;
    }
  }
  const reduced = new Map<string, GraphEdge[]>();
  nodes.forEach((node, v) => {
    const edges = inn[v]!;
    const deps: GraphEdge[] = [];
    for (let k = 0; k < edges.length; k++) if (kept[edges[k]!.id] === 1) deps.push(node.deps[k]!);
    reduced.set(node.task.id, deps);
  });
  return reduced;
}
